package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The A2A endpoint of a real node on loopback: its signed card, message/send in A2A 1.0 and 0.3
 * running the node's own capabilities, cancel of a running {@code exec} task, and hostile requests.
 */
class A2aEndpointTest {

  @TempDir static Path dir;
  static Node node;
  static PrivateKey key;
  static String url;
  static String token;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A capability that sleeps (for cancel), as a capabilities-file entry. */
  static CapabilitySpec sleeper(Path base) throws Exception {
    return CapabilitySpec.parseEntry(
        """
        {"handler": {"type": "exec",
                     "command": ["sh", "-c", "echo 'progress 0.5 half way' >&2; sleep 30"]},
         "descriptor": {"schema": "ap2p/descriptor/1", "id": "sleep", "ttlSeconds": 60,
           "intent": {"name": "Sleep", "description": "Sleeps 30 s.", "tags": ["test.sleep"],
                      "examples": []},
           "io": {"input": {"type": "string"}, "output": {"type": "string"}},
           "constraints": {"maxInputBytes": 1024, "deadlineMs": 60000, "sideEffect": "none"},
           "state": {"version": "sleep 30"},
           "verification": {"canaries": false, "receipts": false, "attestation": false,
                            "attestors": []}}}
        """,
        base);
  }

  /** Starts a node with a data directory serving text.summarize, image.generate and sleep. */
  static Node start(Path data, PrivateKey k) throws Exception {
    return Node.start(
        new NodeOptions(
                k,
                List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                List.of(),
                true, // its own registry: a node that serves must publish somewhere
                Optional.empty(),
                List.of(),
                "ap2p-test",
                Optional.of(data),
                NodeOptions.Discovery.REGISTRY,
                io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
            .serving(
                List.of(
                    CapabilitySpec.forBuiltin("text.summarize"),
                    CapabilitySpec.forBuiltin("image.generate"),
                    sleeper(data))),
        SystemClock.INSTANCE,
        line -> {});
  }

  @BeforeAll
  static void startNode() throws Exception {
    key = PrivateKey.generate(new SecureRandom());
    node = start(dir.resolve("node"), key);
    JsonNode api = Json.parse(Files.readAllBytes(dir.resolve("node").resolve(LocalApi.FILE)));
    url = api.get("url").asText();
    token = api.get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  static HttpResponse<byte[]> http(String method, String path, String body, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
    if (auth != null) {
      b.header("Authorization", "Bearer " + auth);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode rpc(String method, String params) throws Exception {
    HttpResponse<byte[]> r =
        http(
            "POST",
            "/a2a",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
                + method
                + "\",\"params\":"
                + params
                + "}",
            token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode o = Json.parse(r.body());
    assertThat(o.path("jsonrpc").asText()).isEqualTo("2.0");
    return o;
  }

  static int errorCode(String body) throws Exception {
    HttpResponse<byte[]> r = http("POST", "/a2a", body, token);
    assertThat(r.statusCode()).as(body).isEqualTo(200);
    return Json.parse(r.body()).path("error").path("code").asInt();
  }

  @Test
  void theWellKnownCardIsSignedByTheNodeAndListsItsSkills() throws Exception {
    HttpResponse<byte[]> r = http("GET", "/.well-known/agent-card.json", null, token);
    assertThat(r.statusCode()).isEqualTo(200);
    CardVerifier.Verified v = CardVerifier.verify(r.body(), key.publicKey());
    assertThat(v.kid()).isEqualTo(node.host().peerId().toString());
    assertThat(v.card().path("skills").findValuesAsText("id"))
        .containsExactly("image-gen", "sleep", "text-summarize");
    assertThat(v.card().path("supportedInterfaces").get(0).path("url").asText())
        .isEqualTo(url + "/a2a");
    assertThat(http("GET", "/.well-known/agent-card.json", null, null).statusCode()).isEqualTo(401);
    assertThat(http("POST", "/a2a", "{}", "wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void sendMessageInA2a1RunsTheNamedSkillAndCompletes() throws Exception {
    JsonNode r =
        rpc(
            "SendMessage",
            """
            {"message": {"messageId": "m1", "role": "ROLE_USER",
              "parts": [{"text": "Ants carry leaves. Ants farm fungus. Fungus feeds ants."}],
              "metadata": {"skill": "text.summarize"}}}
            """);
    JsonNode task = r.path("result").path("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
    assertThat(task.path("metadata").path("skill").asText()).isEqualTo("text-summarize");
    assertThat(task.path("artifacts").get(0).path("parts").get(0).path("text").asText())
        .isNotBlank();
    JsonNode again = rpc("GetTask", "{\"id\": \"" + task.path("id").asText() + "\"}");
    assertThat(again.path("result").path("status").path("state").asText())
        .isEqualTo("TASK_STATE_COMPLETED");
  }

  @Test
  void messageSendInA2a03ReturnsThePngAsAFilePart() throws Exception {
    JsonNode r =
        rpc(
            "message/send",
            """
            {"message": {"kind": "message", "messageId": "m2", "role": "user",
              "parts": [{"kind": "data", "data": {"prompt": "a red fox", "width": 64, "height": 64}}],
              "metadata": {"skill": "image.generate"}}}
            """);
    JsonNode task = r.path("result");
    assertThat(task.path("kind").asText()).isEqualTo("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("completed");
    JsonNode file = task.path("artifacts").get(0).path("parts").get(0);
    assertThat(file.path("kind").asText()).isEqualTo("file");
    assertThat(file.path("file").path("mimeType").asText()).isEqualTo("image/png");
    byte[] png = Base64.getDecoder().decode(file.path("file").path("bytes").asText());
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void aRunningTaskIsCanceledAndStaysCanceled() throws Exception {
    long before = sleepers(); // exec children of other tests, if any are left
    JsonNode r =
        rpc(
            "SendMessage",
            """
            {"message": {"messageId": "m3", "role": "ROLE_USER", "parts": [{"text": "zzz"}],
              "metadata": {"skill": "sleep"}},
             "configuration": {"returnImmediately": true}}
            """);
    String id = r.path("result").path("task").path("id").asText();
    assertThat(r.path("result").path("task").path("status").path("state").asText())
        .isIn("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING");
    long started = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sleepers() <= before && System.nanoTime() < started) {
      Thread.sleep(20);
    }
    assertThat(sleepers()).as("the exec child runs").isGreaterThan(before);
    JsonNode status = null;
    for (int i = 0; i < 100; i++) {
      status = rpc("GetTask", "{\"id\": \"" + id + "\"}").path("result").path("status");
      if (status.has("message")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(status.path("state").asText()).isEqualTo("TASK_STATE_WORKING");
    assertThat(status.path("message").path("parts").get(0).path("text").asText())
        .isEqualTo("50%: half way");
    long t0 = System.nanoTime();
    JsonNode c = rpc("tasks/cancel", "{\"id\": \"" + id + "\"}");
    assertThat(c.path("result").path("status").path("state").asText()).isEqualTo("canceled");
    assertThat(
            rpc("GetTask", "{\"id\": \"" + id + "\"}")
                .path("result")
                .path("status")
                .path("state")
                .asText())
        .isEqualTo("TASK_STATE_CANCELED");
    assertThat(rpc("CancelTask", "{\"id\": \"" + id + "\"}").path("error").path("code").asInt())
        .isEqualTo(-32002);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    // the exec child is killed, as for a peer's CANCEL
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sleepers() > before && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(sleepers()).isLessThanOrEqualTo(before);
  }

  static long sleepers() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().orElse("").endsWith("sleep"))
        .count();
  }

  @Test
  void theOutcomeOfABadInputIsARejectedTask() throws Exception {
    JsonNode r =
        rpc(
            "SendMessage",
            """
            {"message": {"messageId": "m4", "role": "ROLE_USER",
              "parts": [{"raw": "%s", "mediaType": "text/plain"}],
              "metadata": {"skill": "sleep"}}}
            """
                .formatted(Base64.getEncoder().encodeToString(new byte[2048])));
    JsonNode status = r.path("result").path("task").path("status");
    assertThat(status.path("state").asText()).isEqualTo("TASK_STATE_REJECTED");
    assertThat(status.path("message").path("parts").get(0).path("text").asText())
        .contains("INPUT_TOO_LARGE");
  }

  @Test
  void hostileRequestsGetJsonRpcErrorsAndTheNodeGoesOn() throws Exception {
    assertThat(errorCode("{not json")).isEqualTo(-32700);
    assertThat(errorCode("")).isEqualTo(-32700);
    assertThat(errorCode("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\"}]"))
        .isEqualTo(-32600);
    assertThat(errorCode("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"GetTask\"}"))
        .isEqualTo(-32600);
    assertThat(errorCode("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"GetTask\"}"))
        .isEqualTo(-32600);
    assertThat(errorCode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")).isEqualTo(-32600);
    assertThat(
            errorCode(
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + "i".repeat(300) + "\",\"method\":\"GetTask\"}"))
        .isEqualTo(-32600);
    assertThat(errorCode("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"GetTask\"}"))
        .isIn(-32600, -32700);
    assertThat(errorCode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tasks/delete\"}"))
        .isEqualTo(-32601);
    assertThat(errorCode("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"message/stream\"}"))
        .isEqualTo(-32004);
    assertThat(rpc("GetTask", "{\"id\": \"nope\"}").path("error").path("code").asInt())
        .isEqualTo(-32001);
    assertThat(rpc("GetTask", "{\"id\": 5}").path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(rpc("GetTask", "null").path("error").path("code").asInt()).isEqualTo(-32602);
    for (String params :
        List.of(
            "{}",
            "{\"message\": []}",
            "{\"message\": {\"parts\": []}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}, {\"text\": \"b\"}],"
                + " \"metadata\": {\"skill\": \"sleep\"}}}",
            "{\"message\": {\"parts\": [{\"url\": \"file:///etc/passwd\"}],"
                + " \"metadata\": {\"skill\": \"sleep\"}}}",
            "{\"message\": {\"parts\": [{\"raw\": \"***\"}], \"metadata\": {\"skill\": \"sleep\"}}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}]}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}], \"metadata\": {\"skill\": \"nope\"}}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}], \"metadata\": {\"skill\": 5}}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}], \"metadata\": {\"skill\": \""
                + "x".repeat(300)
                + "\"}}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\"}],"
                + " \"metadata\": {\"skill\": \"sleep\", \"deadlineMs\": -1}}}",
            "{\"message\": {\"parts\": [{\"mystery\": 1}], \"metadata\": {\"skill\": \"sleep\"}}}",
            "{\"message\": {\"parts\": [{\"text\": \"a\", \"mediaType\": \"t\\u0000x\"}],"
                + " \"metadata\": {\"skill\": \"sleep\"}}}")) {
      assertThat(rpc("SendMessage", params).path("error").path("code").asInt())
          .as(params)
          .isEqualTo(-32602);
    }
    assertThat(
            rpc("SendMessage", "{\"message\": {\"taskId\": \"t\", \"parts\": [{\"text\": \"a\"}]}}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32004);
    HttpResponse<byte[]> note =
        http("POST", "/a2a", "{\"jsonrpc\":\"2.0\",\"method\":\"SendMessage\"}", token);
    assertThat(note.statusCode()).isEqualTo(204);
    assertThat(http("GET", "/a2a", null, token).statusCode()).isEqualTo(405);
    String nested = "[".repeat(5000) + "]".repeat(5000);
    assertThat(errorCode(nested)).isEqualTo(-32700);
    // still serving
    assertThat(http("GET", "/.well-known/agent-card.json", null, token).statusCode())
        .isEqualTo(200);
  }
}
