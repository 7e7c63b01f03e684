package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.store.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1 on real loopback nodes: the requester records each outcome with its kind, its view comes
 * back after a restart, and forgetting a peer through the local API clears it in memory and in the
 * database, for good.
 */
class TrustPersistenceTest {

  @TempDir Path dir;
  LoopbackNetwork net;
  Node honest;
  Node evil;
  Node requester;
  final CapabilityTag tag = new CapabilityTag(HostileProvider.TAG);

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
    honest = net.provider("honest", "text.summarize");
    evil = HostileProvider.start(net, "evil", HostileProvider.Behaviour.ERROR);
    requester = net.requester("requester");
  }

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void theViewSurvivesARestartAndForgetClearsItForGood() throws Exception {
    delegate(requester);
    PeerId e = evil.host().peerId();
    PeerId h = honest.host().peerId();
    double evilScore = requester.trust().overallScore(e);
    assertThat(evilScore).isNegative();
    assertThat(requester.trust().overallScore(h)).isPositive();
    LoopbackNetwork.await(
        () -> requester.trust().history(h, 10).size() == 1, java.time.Duration.ofSeconds(5));
    assertThat(requester.trust().history(e, 10))
        .extracting(Outcome::kind, Outcome::ok)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("error", false));
    assertThat(requester.trust().history(h, 10))
        .extracting(Outcome::kind, Outcome::ok)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("result", true));

    Node again = restart();
    assertThat(again.trust().overallScore(e)).isCloseTo(evilScore, within(1e-6)).isNegative();
    assertThat(again.trust().entries())
        .extracting(en -> en.peer())
        .containsExactly(h, e); // best first

    JsonNode shown = api(again, "GET", "/v1/trust/" + e);
    assertThat(shown.path("known").asBoolean()).isTrue();
    assertThat(shown.path("score").asDouble()).isNegative();
    assertThat(shown.path("tags").get(0).path("tag").asText()).isEqualTo(tag.value());
    assertThat(shown.path("history").get(0).path("kind").asText()).isEqualTo("error");
    assertThat(api(again, "GET", "/v1/trust").path("entries")).hasSize(2);

    JsonNode forgotten = api(again, "DELETE", "/v1/trust/" + e);
    assertThat(forgotten.path("forgotten").asBoolean()).isTrue();
    assertThat(again.trust().entry(e)).isEmpty();
    assertThat(again.database().orElseThrow().outcomes().recent(e.toString(), 10)).isEmpty();
    assertThat(api(again, "DELETE", "/v1/trust/" + e).path("forgotten").asBoolean()).isFalse();

    Node third = restart();
    assertThat(third.trust().entry(e)).isEmpty();
    assertThat(third.trust().overallScore(h)).isPositive();
    assertThat(api(third, "GET", "/v1/trust/not-a-peer").path("error").asText()).contains("peer");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"SILENT, timeout", "FOREIGN_RECEIPT, receipt"})
  void eachFailureIsStoredWithItsKind(HostileProvider.Behaviour b, String kind) throws Exception {
    evil.close();
    Node other = HostileProvider.start(net, "evil-" + b, b);
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step("summarize", tag, RiskClass.HIGH, 20_000, List.of()), // receipts checked
            Bytes.wrap("Peers publish. Requesters find.".getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    assertThat(requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS).state())
        .isEqualTo(TaskRun.State.SUCCEEDED);
    PeerId o = other.host().peerId();
    LoopbackNetwork.await(
        () -> !requester.trust().history(o, 5).isEmpty(), java.time.Duration.ofSeconds(5));
    assertThat(requester.trust().history(o, 5))
        .extracting(Outcome::kind, Outcome::ok)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(kind, false));
  }

  @Test
  void aPassedCanaryIsStoredBesideTheResult() throws Exception {
    Node painter = net.provider("painter", "image.generate");
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step(
                "draw", new CapabilityTag("image.generate"), RiskClass.MEDIUM, 20_000, List.of()),
            Bytes.wrap("{\"prompt\":\"a red fox\"}".getBytes(StandardCharsets.UTF_8)),
            "application/json");
    TaskRun.Snapshot done =
        requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS);
    assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(done.steps().get(0).canaries()).isEqualTo(1);
    PeerId p = painter.host().peerId();
    LoopbackNetwork.await(
        () -> requester.trust().history(p, 5).size() == 2, java.time.Duration.ofSeconds(5));
    assertThat(requester.trust().history(p, 5))
        .extracting(Outcome::kind, Outcome::ok)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("result", true),
            org.assertj.core.groups.Tuple.tuple("canary", true));
  }

  @Test
  void discoveryAsksATrustedPeerAboutANewcomerBeforeRanking() throws Exception {
    delegate(requester); // the honest provider is now trusted (the hostile one is not)
    Node newcomer = net.provider("newcomer", "text.summarize");
    PeerId n = newcomer.host().peerId();
    honest
        .trust()
        .withReputation(
            r -> {
              for (int i = 0; i < 3; i++) {
                r.record(n, tag, true);
              }
              return null;
            });
    assertThat(requester.trust().entry(n)).isEmpty();
    delegate(requester);
    assertThat(requester.feedback().orElseThrow().accepted()).isEqualTo(1);
    assertThat(requester.trust().overallScore(n)).isPositive();
  }

  private Node restart() throws Exception {
    Node old = net.nodes.get(net.nodes.size() - 1);
    old.close();
    net.nodes.remove(old);
    return net.start(
        "requester", false, Optional.of(net.registryAddr), List.of(), ExecutionLimits.DEFAULTS);
  }

  private void delegate(Node from) throws Exception {
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step("summarize", tag, RiskClass.LOW, 20_000, List.of()),
            Bytes.wrap("Peers publish. Requesters find.".getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    assertThat(from.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS).state())
        .isEqualTo(TaskRun.State.SUCCEEDED);
  }

  static JsonNode api(Node node, String method, String path) throws Exception {
    JsonNode file =
        Json.parse(Files.readAllBytes(node.options().dataDir().get().resolve(LocalApi.FILE)));
    try (HttpClient c = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> r =
          c.send(
              HttpRequest.newBuilder(URI.create(file.path("url").asText() + path))
                  .header("Authorization", "Bearer " + file.path("token").asText())
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return Json.parse(r.body());
    }
  }
}
