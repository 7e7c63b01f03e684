package io.ap2p.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.TaskRun;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on real nodes: a registry, a provider and a requester on loopback do real work
 * (a registration, two delegated tasks: one with a canary, one with a checked receipt), then each
 * node's {@code /metrics} is fetched over HTTP in both formats, parsed strictly, and the series the
 * work must have moved are asserted. Three nodes share the JVM: each counts only its own.
 */
class MetricsEndpointTest {

  @TempDir static Path dir;
  static Node registry;
  static Node provider;
  static Node requester;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String TASK = "/ap2p/task/1.0.0";

  static Node start(
      String name,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilitySpec> serve,
      TrustOptions trust)
      throws Exception {
    return Node.start(
        new NodeOptions(
                PrivateKey.generate(new SecureRandom()),
                List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                List.of(),
                serveRegistry,
                registryPeer,
                List.of(),
                "ap2p-test",
                Optional.of(dir.resolve(name)),
                NodeOptions.Discovery.REGISTRY,
                io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
            .serving(serve)
            .withTrust(trust),
        SystemClock.INSTANCE,
        line -> {});
  }

  @BeforeAll
  static void network() throws Exception {
    // the registry is also an attestor, which the provider asks to countersign its receipts
    registry =
        start(
            "registry",
            true,
            Optional.empty(),
            List.of(),
            TrustOptions.DEFAULTS.withEvidence(java.util.Set.of(), true, Optional.empty()));
    Multiaddr at = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
    provider =
        start(
            "provider",
            false,
            Optional.of(at),
            List.of(
                CapabilitySpec.forBuiltin("text.summarize"),
                CapabilitySpec.forBuiltin("image.generate")),
            TrustOptions.DEFAULTS.withEvidence(java.util.Set.of(), false, Optional.of(at)));
    requester = start("requester", false, Optional.of(at), List.of(), TrustOptions.DEFAULTS);
    await(
        () ->
            provider.provider().get().status().stream()
                .allMatch(s -> s.discoverableAt(System.currentTimeMillis())));
    // a newcomer on a low-risk step gets a canary (risk-aware); the evidence policy checks a
    // receipt
    run(WorkflowSpec.single(step("image.generate", RiskClass.LOW), text(), "text/plain"));
    run(
        WorkflowSpec.single(step("text.summarize", RiskClass.MEDIUM), text(), "text/plain")
            .withPolicy(TierPolicy.EVIDENCE));
    // the provider counts a task it served after the RESULT went out (and records one without a
    // receipt after it too), and the requester logs a run's end after the run is done: wait for
    // both sides' books before the tests read them
    String succeeded = "{outcome=\"succeeded\"}";
    await(() -> sample(provider, "ap2p_served_tasks_total" + succeeded) == 3.0);
    await(() -> sample(provider, "ap2p_served_task_duration_seconds_count" + succeeded) == 3.0);
    await(
        () ->
            sample(
                    requester,
                    "ap2p_delegated_task_duration_seconds_count{kind=\"invoke\",outcome=\"succeeded\"}")
                == 2.0);
  }

  /** {@code series} on {@code n}'s /metrics now (0 while absent). */
  static double sample(Node n, String series) {
    try {
      Double v = scrape(n, false).get(series);
      return v == null ? 0 : v;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Step step(String tag, RiskClass risk) {
    return new Step("one", new CapabilityTag(tag), risk, 20_000, List.of());
  }

  static Bytes text() {
    return Bytes.wrap(
        "Metrics let operators see a node at a glance. This sentence is long enough."
            .getBytes(StandardCharsets.UTF_8));
  }

  static void run(WorkflowSpec spec) throws Exception {
    TaskRun.Snapshot s =
        requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS);
    assertThat(s.state()).as(s.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
  }

  @AfterAll
  static void stop() {
    for (Node n : new Node[] {requester, provider, registry}) {
      if (n != null) {
        n.close();
      }
    }
  }

  static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(end);
      Thread.sleep(20);
    }
  }

  static JsonNode api(Node n) throws Exception {
    return Json.parse(Files.readAllBytes(n.options().dataDir().get().resolve(LocalApi.FILE)));
  }

  static HttpResponse<String> get(Node n, String accept, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(api(n).get("url").asText() + MetricsServlet.PATH))
            .timeout(Duration.ofSeconds(30));
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes {@code n} as Prometheus does (OpenMetrics) or as a plain client (text), parsed. */
  static Exposition scrape(Node n, boolean openMetrics) throws Exception {
    HttpResponse<String> r =
        get(
            n,
            openMetrics
                ? "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
                : null,
            "Bearer " + api(n).get("token").asText());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith(
            openMetrics
                ? "application/openmetrics-text; version=1.0.0"
                : "text/plain; version=0.0.4");
    if (openMetrics) {
      assertThat(r.body()).endsWith("# EOF\n");
    } else {
      assertThat(r.body()).doesNotContain("# EOF");
    }
    return Exposition.parse(r.body(), openMetrics);
  }

  @Test
  void theProviderCountsWhatItServedAndPublished() throws Exception {
    for (boolean om : new boolean[] {false, true}) {
      Exposition m = scrape(provider, om);
      String served = "ap2p_served_tasks_total";
      // two tasks and one canary were served, all succeeded
      assertThat(m.get(served + "{outcome=\"succeeded\"}")).isEqualTo(3.0);
      assertThat(m.get(served + "{outcome=\"busy\"}")).isZero();
      assertThat(m.get("ap2p_served_task_duration_seconds_count{outcome=\"succeeded\"}"))
          .isEqualTo(3.0);
      assertThat(
              m.get("ap2p_streams_opened_total{direction=\"inbound\",protocol=\"" + TASK + "\"}"))
          .isEqualTo(3.0);
      assertThat(m.get("ap2p_publish_registrations_total{result=\"accepted\"}")).isPositive();
      assertThat(m.get("ap2p_publish_discoverable{capability=\"text-summarize\"}")).isEqualTo(1.0);
      assertThat(m.get("ap2p_publish_discoverable{capability=\"image-gen\"}")).isEqualTo(1.0);
      assertThat(m.get("ap2p_publish_expires_in_seconds{capability=\"text-summarize\"}"))
          .isBetween(1.0, 3600.0);
      assertThat(m.get("ap2p_publish_last_accepted_age_seconds{capability=\"text-summarize\"}"))
          .isBetween(0.0, 3600.0);
      assertThat(m.get("ap2p_connections{direction=\"inbound\"}")).isGreaterThanOrEqualTo(1.0);
      assertThat(m.get("ap2p_connections{direction=\"outbound\"}")).isGreaterThanOrEqualTo(1.0);
      assertThat(m.get("ap2p_limit_refusals_total{reason=\"handshake_evicted\"}")).isZero();
      assertThat(m.get("ap2p_handshake_failures_total{direction=\"inbound\",reason=\"timeout\"}"))
          .isZero();
      assertThat(m.types)
          .containsEntry(om ? "ap2p_served_tasks" : "ap2p_served_tasks_total", "counter");
      // it delegated nothing, and serves no registry
      assertThat(m.get("ap2p_delegated_tasks_running")).isZero();
      assertThat(m.samples.keySet())
          .noneMatch(k -> k.startsWith("ap2p_delegated_task_duration_seconds_count"));
      assertThat(m.samples).doesNotContainKey("ap2p_registry_descriptors");
    }
  }

  @Test
  void theRequesterCountsWhatItDelegatedAndChecked() throws Exception {
    Exposition m = scrape(requester, true);
    assertThat(
            m.get(
                "ap2p_delegated_task_duration_seconds_count{kind=\"invoke\",outcome=\"succeeded\"}"))
        .isEqualTo(2.0);
    assertThat(
            m.get(
                "ap2p_delegated_task_duration_seconds_sum{kind=\"invoke\",outcome=\"succeeded\"}"))
        .isPositive();
    assertThat(
            m.get("ap2p_discovery_query_duration_seconds_count{mode=\"registry\",result=\"ok\"}"))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(
            m.get("ap2p_verification_checks_total{check=\"canary\",result=\"passed\",tier=\"2\"}"))
        .isEqualTo(1.0);
    assertThat(
            m.get("ap2p_verification_checks_total{check=\"receipt\",result=\"passed\",tier=\"3\"}"))
        .isEqualTo(1.0);
    assertThat(
            m.get("ap2p_verification_checks_total{check=\"canary\",result=\"failed\",tier=\"2\"}"))
        .isZero();
    assertThat(m.get("ap2p_streams_opened_total{direction=\"outbound\",protocol=\"" + TASK + "\"}"))
        .isEqualTo(3.0);
    assertThat(m.get("ap2p_connections_opened_total{direction=\"outbound\"}"))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(m.get("ap2p_served_tasks_total{outcome=\"succeeded\"}")).isZero();
    // a search through the node's API is a discovery query of its own too
    String ok = "ap2p_discovery_query_duration_seconds_count{mode=\"registry\",result=\"ok\"}";
    double before = m.get(ok);
    HttpResponse<String> found =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(api(requester).get("url").asText() + "/v1/find"))
                .header("Authorization", "Bearer " + api(requester).get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\": [\"text.summarize\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    assertThat(scrape(requester, false).get(ok)).isEqualTo(before + 1);
  }

  @Test
  void theRegistryCountsAdmissionsAndQueries() throws Exception {
    Exposition m = scrape(registry, false);
    assertThat(m.get("ap2p_registry_admissions_total{kind=\"register\"}")).isPositive();
    assertThat(m.get("ap2p_registry_descriptors")).isEqualTo(2.0);
    assertThat(m.get("ap2p_registry_query_duration_seconds_count")).isGreaterThanOrEqualTo(2.0);
    assertThat(m.get("ap2p_registry_query_duration_seconds_bucket{le=\"+Inf\"}"))
        .isEqualTo(m.get("ap2p_registry_query_duration_seconds_count"));
    assertThat(m.get("ap2p_connections_opened_total{direction=\"inbound\"}"))
        .isGreaterThanOrEqualTo(2.0);
    assertThat(m.samples.keySet()).noneMatch(k -> k.startsWith("ap2p_publish_discoverable"));
    // the provider asked it to countersign the receipts it gave
    assertThat(m.get("ap2p_attestations_served_total{outcome=\"countersigned\"}")).isPositive();
    assertThat(m.get("ap2p_feedback_reports_total{result=\"rejected\"}")).isZero();
  }

  static double sum(Exposition m, String prefix) {
    return m.samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToDouble(java.util.Map.Entry::getValue)
        .sum();
  }

  @Test
  void failedHandshakesAreCountedByReason() throws Exception {
    // a dial expecting another peer id at the registry's address: the requester's side says why
    Multiaddr wrong =
        registry
            .host()
            .listenAddrs()
            .get(0)
            .withPeerId(PrivateKey.generate(new SecureRandom()).publicKey().peerId());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> requester.host().connect(wrong))
        .isInstanceOf(io.ap2p.net.noise.PeerIdMismatchException.class);
    Exposition r = scrape(requester, true);
    assertThat(
            r.get(
                "ap2p_handshake_failures_total{direction=\"outbound\",reason=\"peer_id_mismatch\"}"))
        .isEqualTo(1.0);
    // junk instead of multistream-select: the registry counts an inbound failure and serves on
    double before =
        sum(scrape(registry, false), "ap2p_handshake_failures_total{direction=\"inbound\"");
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(registry.host().listenAddrs().get(0).tcpEndpoint(), 5_000);
      // a whole multistream message, but not /multistream/1.0.0: refused at once
      s.getOutputStream().write(new byte[] {5, 'j', 'u', 'n', 'k', '\n'});
      s.getOutputStream().flush();
      s.setSoTimeout(10_000);
      while (s.getInputStream().read() >= 0) {
        // until the registry hangs up
      }
    } catch (java.io.IOException e) {
      // reset by the registry, or still open after 10 s: the count below decides
    }
    await(
        () -> {
          try {
            return sum(
                    scrape(registry, false), "ap2p_handshake_failures_total{direction=\"inbound\"")
                > before;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void aScrapeWithoutTheTokenIsRefused() throws Exception {
    String token = api(registry).get("token").asText();
    for (String bad : new String[] {null, "Bearer " + token.substring(1), "Bearer", token}) {
      HttpResponse<String> r = get(registry, "application/openmetrics-text", bad);
      assertThat(r.statusCode()).as(String.valueOf(bad)).isEqualTo(401);
      assertThat(r.body()).doesNotContain("ap2p_");
    }
  }

  @Test
  void oddAcceptHeadersGetTheTextFormat() throws Exception {
    String auth = "Bearer " + api(registry).get("token").asText();
    for (String accept :
        new String[] {
          "*/*", "text/html", ";;;,,,q=x", "application/json, text/plain;q=bogus", "x".repeat(4000)
        }) {
      HttpResponse<String> r = get(registry, accept, auth);
      assertThat(r.statusCode()).as(accept).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      Exposition.parse(r.body(), false);
    }
    // Prometheus 3's own header: OpenMetrics first
    HttpResponse<String> r =
        get(
            registry,
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            auth);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    Exposition.parse(r.body(), true);
  }

  @Test
  void onlyGetIsServed() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(api(registry).get("url").asText() + MetricsServlet.PATH))
                .header("Authorization", "Bearer " + api(registry).get("token").asText())
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).contains("\"error\"");
  }

  @Test
  void theTokenIsAlsoWrittenAloneForPrometheus() throws Exception {
    Path f = registry.options().dataDir().get().resolve(ScrapeToken.FILE);
    assertThat(Files.readString(f)).isEqualTo(api(registry).get("token").asText());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
  }
}
