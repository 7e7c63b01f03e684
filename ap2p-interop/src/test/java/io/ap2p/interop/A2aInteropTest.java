package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.a2a.AgentCards;
import io.ap2p.node.a2a.CardCanonical;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ap2p against the official A2A SDK, {@code @a2a-js/sdk} 1.3.0 (ap2p-interop/js-a2a, pinned in its
 * lockfile): the sdk's canonical form of tricky cards equals ours, the sdk's own {@code
 * verifyAgentCardSignature} accepts a card a real node signed (under the pinned key) and refuses it
 * changed or under another key, and the sdk's client runs the node's capabilities over A2A
 * JSON-RPC: SendMessage to a completed task with the result, GetTask, CancelTask of a running task,
 * and message/send in A2A 0.3 through the sdk's compat transport.
 */
@Tag("interop")
class A2aInteropTest {

  static final Path DIR = JsPeer.project("js-a2a");

  @TempDir static Path tmp;
  static PrivateKey key;
  static Node node;
  static String url;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    JsPeer.installDependencies(DIR);
    key = PrivateKey.generate(new SecureRandom());
    Path data = tmp.resolve("node");
    CapabilitySpec sleep =
        CapabilitySpec.parseEntry(
            """
            {"handler": {"type": "exec", "command": ["sleep", "30"]},
             "descriptor": {"schema": "ap2p/descriptor/1", "id": "sleep", "ttlSeconds": 60,
               "intent": {"name": "Sleep", "description": "Sleeps 30 s.", "tags": ["test.sleep"],
                          "examples": []},
               "io": {"input": {"type": "string"}, "output": {"type": "string"}},
               "constraints": {"maxInputBytes": 1024, "deadlineMs": 60000, "sideEffect": "none"},
               "state": {"version": "sleep 30"},
               "verification": {"canaries": false, "receipts": false, "attestation": false,
                                "attestors": []}}}
            """,
            tmp);
    node =
        Node.start(
            new NodeOptions(
                    key,
                    List.of(
                        Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                    List.of(),
                    true,
                    Optional.empty(),
                    List.of(),
                    "ap2p-interop",
                    Optional.of(data),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(
                    List.of(
                        CapabilitySpec.forBuiltin("text.summarize"),
                        CapabilitySpec.forBuiltin("image.generate"),
                        sleep)),
            SystemClock.INSTANCE,
            line -> {});
    JsonNode api = Json.parse(Files.readAllBytes(data.resolve(LocalApi.FILE)));
    url = api.get("url").asText();
    token = api.get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** Runs {@code node client.mjs args…} and returns its JSON line. */
  static JsonNode js(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JsPeer.node(), "client.mjs"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("client.mjs ended").isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8) + err).isZero();
    return Json.MAPPER.readTree(out);
  }

  static String x(PrivateKey k) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(k.publicKey().raw().toByteArray());
  }

  /** The canonical vectors of ap2p-node's tests, found from the working directory. */
  static Path vectors() {
    String rel = "ap2p-node/src/test/resources/a2a/canonical-vectors.json";
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(rel))) {
        return p.resolve(rel);
      }
    }
    throw new IllegalStateException("cannot find " + rel);
  }

  @Test
  void theSdkCanonicalizesEveryVectorAndANodesCardAsWeDo() throws Exception {
    ArrayNode cards = Json.MAPPER.createArrayNode();
    for (JsonNode v : Json.MAPPER.readTree(Files.readAllBytes(vectors()))) {
      cards.add(v.get("card"));
    }
    cards.add(AgentCards.signed(key, "v", List.of(), Optional.of(url)));
    cards.add(card());
    Path file = tmp.resolve("cards.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(cards));
    JsonNode theirs = js("canon", file.toString()).get("canonical");
    assertThat(theirs).hasSize(cards.size());
    for (int i = 0; i < cards.size(); i++) {
      assertThat(CardCanonical.of(cards.get(i)).toUtf8())
          .as("card " + i)
          .isEqualTo(theirs.get(i).asText());
    }
  }

  @Test
  void theSdkVerifiesTheNodesCardUnderThePinnedKeyOnly() throws Exception {
    Path file = tmp.resolve("card.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(card()));
    JsonNode ok = js("verify", file.toString(), x(key));
    assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
    assertThat(ok.get("kids").get(0).asText()).isEqualTo(key.peerId().toString());

    PrivateKey other = PrivateKey.generate(new SecureRandom());
    JsonNode wrong = js("verify", file.toString(), x(other));
    assertThat(wrong.get("ok").asBoolean()).isFalse();

    ObjectNode changed = card();
    ((ObjectNode) changed.get("skills").get(0)).put("description", "now also steals your keys");
    Files.write(file, Json.MAPPER.writeValueAsBytes(changed));
    JsonNode tampered = js("verify", file.toString(), x(key));
    assertThat(tampered.get("ok").asBoolean()).isFalse();
  }

  @Test
  void theSdkClientRunsTheNodesCapabilitiesOverA2a() throws Exception {
    JsonNode r = js("call", url, token, x(key));
    assertThat(r.get("cardError").isNull()).as(r.toString()).isTrue();
    assertThat(r.get("skills").toString()).contains("image-gen", "sleep", "text-summarize");
    assertThat(r.at("/summary/state").asText()).isEqualTo("COMPLETED");
    assertThat(r.at("/summary/text").asText()).contains("Ants");
    assertThat(r.at("/summaryAgain").asText()).isEqualTo("COMPLETED");
    assertThat(r.at("/image/state").asText()).isEqualTo("COMPLETED");
    assertThat(r.at("/image/mediaType").asText()).isEqualTo("image/png");
    assertThat(r.at("/image/magic").asText()).isEqualTo("PNG");
    assertThat(r.at("/slow/state").asText()).isIn("SUBMITTED", "WORKING");
    assertThat(r.at("/slow/canceled").asText()).isEqualTo("CANCELED");
    assertThat(r.at("/slow/after").asText()).isEqualTo("CANCELED");
    assertThat(r.at("/slow/cancelAgain").asText()).contains("TaskNotCancelable");
    assertThat(r.at("/unknownTask").asText()).contains("TaskNotFound");
    assertThat(r.at("/legacy/protocol").asText()).isEqualTo("0.3");
    assertThat(r.at("/legacy/state").asText()).isEqualTo("COMPLETED");
    assertThat(r.at("/legacy/again").asText()).isEqualTo("COMPLETED");
  }

  /** The node's card, as its local API serves it. */
  static ObjectNode card() throws Exception {
    java.net.http.HttpResponse<byte[]> r;
    try (java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient()) {
      r =
          c.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(url + AgentCards.WELL_KNOWN_PATH))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(r.statusCode()).isEqualTo(200);
    return (ObjectNode) Json.parse(r.body());
  }
}
