package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API's task endpoints, over HTTP, on a node with a data directory. */
class TaskApiTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static Node requester;
  static String url;
  static String token;
  static HttpClient http;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp);
    net.provider(
        "provider",
        List.of(
            io.ap2p.node.execution.capability.CapabilitySpec.forBuiltin("text.summarize"),
            LoopbackNetwork.slow(20)));
    requester = net.requester("requester");
    JsonNode api = Json.parse(Files.readAllBytes(tmp.resolve("requester").resolve(LocalApi.FILE)));
    url = api.path("url").asText();
    token = api.path("token").asText();
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void close() {
    http.close();
    net.close();
  }

  record Answer(int status, JsonNode json) {}

  static Answer call(String method, String path, String body, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode j = r.body().length == 0 ? null : Json.parse(r.body());
    return new Answer(r.statusCode(), j);
  }

  static Answer call(String method, String path, String body) throws Exception {
    return call(method, path, body, token);
  }

  static String invoke(String tag, String text) {
    return "{\"invoke\": {\"tag\": \""
        + tag
        + "\", \"input\": \""
        + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))
        + "\", \"mediaType\": \"text/plain\"}}";
  }

  static JsonNode awaitEnd(String id) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Answer a = call("GET", "/v1/tasks/" + id, null);
      assertThat(a.status()).isEqualTo(200);
      String state = a.json().path("state").asText();
      if (!state.equals("RUNNING") && !state.equals("PENDING")) {
        return a.json();
      }
      assertThat(System.nanoTime()).as("task %s still running", id).isLessThan(end);
      Thread.sleep(100);
    }
  }

  @Test
  void startWatchListAndFetch() throws Exception {
    Answer created = call("POST", "/v1/tasks", invoke("text.summarize", ExecutionCliTest.TEXT));
    assertThat(created.status()).as("%s", created.json()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("tag").asText()).isEqualTo("text.summarize");

    JsonNode done = awaitEnd(id);
    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    JsonNode step = done.path("steps").get(0);
    assertThat(step.path("attempts").asInt()).isEqualTo(1);
    assertThat(step.path("provider").asText()).startsWith("12D3KooW");
    assertThat(step.path("output").path("size").asLong()).isPositive();
    assertThat(step.path("output").path("sha256").asText()).hasSize(64);
    assertThat(step.path("output").has("base64")).isFalse();

    Answer withOutput = call("GET", "/v1/tasks/" + id + "?output=1", null);
    String text =
        new String(
            Base64.getDecoder()
                .decode(
                    withOutput.json().path("steps").get(0).path("output").path("base64").asText()),
            StandardCharsets.UTF_8);
    assertThat(text).contains("quick brown fox");

    Answer second = call("POST", "/v1/tasks", invoke("text.summarize", "One sentence only."));
    Answer list = call("GET", "/v1/tasks", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("tasks").get(0).path("id").asText())
        .isEqualTo(second.json().path("id").asText()); // newest first
    assertThat(list.json().path("tasks").get(1).path("id").asText()).isEqualTo(id);
    assertThat(call("GET", "/v1/tasks?limit=1", null).json().path("tasks").size()).isEqualTo(1);

    assertThat(call("DELETE", "/v1/tasks/" + id, null).status()).isEqualTo(409);
    assertThat(call("GET", "/v1/status", null).status()).isEqualTo(200);
  }

  @Test
  void cancelARunningTask() throws Exception {
    Answer created = call("POST", "/v1/tasks", invoke("test.slow", "echo me"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    // wait for the provider's progress report: the attempt is under way
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (call("GET", "/v1/tasks/" + id, null)
            .json()
            .path("steps")
            .get(0)
            .path("progress")
            .asDouble()
        < 0.5) {
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(50);
    }
    Answer cancel = call("DELETE", "/v1/tasks/" + id, null);
    assertThat(cancel.status()).isEqualTo(202);
    assertThat(awaitEnd(id).path("state").asText()).isEqualTo("CANCELLED");
    assertThat(call("DELETE", "/v1/tasks/" + id, null).status()).isEqualTo(409);
  }

  @Test
  void refusals() throws Exception {
    assertThat(call("GET", "/v1/tasks", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/v1/tasks", null, "wrong").status()).isEqualTo(401);
    assertThat(call("POST", "/v1/tasks", invoke("text.summarize", "x"), "wrong").status())
        .isEqualTo(401);

    assertBad("not json", "the body is not valid JSON");
    assertBad("{\"run\": {}}", "run: unknown member");
    assertBad("{\"invoke\": {\"tag\": \"text.summarize\"}}", "invoke.input: required");
    assertBad("{\"invoke\": {\"input\": \"aGk=\"}}", "invoke.tag");
    assertBad(
        "{\"invoke\": {\"tag\": \"text.summarize\", \"input\": \"%%%\"}}",
        "invoke.input: not base64");
    assertBad(
        "{\"invoke\": {\"tag\": \"text.summarize\", \"input\": \"aGk=\", \"deadlineMs\": \"soon\"}}",
        "invoke.deadlineMs");
    assertBad(
        "{\"invoke\": {\"tag\": \"text.summarize\", \"input\": \"aGk=\", \"speed\": 1}}",
        "invoke.speed: unknown member");
    assertBad(
        "{\"workflow\": {\"steps\": [{\"tag\": \"text.summarize\", \"input\": {\"file\": \"/etc/passwd\"}}]}}",
        "workflow.steps[0].input.file: the API reads no files");
    assertBad(
        "{\"workflow\": {\"steps\": [{\"tag\": \"Bad Tag\", \"input\": {\"text\": \"x\"}}]}}",
        "workflow.steps[0].tag");
    assertBad("{\"workflow\": {\"steps\": []}}", "workflow.steps");

    assertThat(call("GET", "/v1/tasks/0123456789abcdef", null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/v1/tasks/0123456789abcdef", null).status()).isEqualTo(404);
    assertThat(call("GET", "/v1/nothing", null).status()).isEqualTo(404);
    assertThat(call("PUT", "/v1/tasks", "{}").status()).isEqualTo(405);
  }

  static void assertBad(String body, String message) throws Exception {
    Answer a = call("POST", "/v1/tasks", body);
    assertThat(a.status()).as("%s", a.json()).isEqualTo(400);
    assertThat(a.json().path("error").asText()).contains(message);
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + token
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + (200L << 20)
                  + "\r\n\r\n{\"invoke\": {")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }
}
