package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.NodeApiClient;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.ApiException;
import io.ap2p.node.api.ApiJson;
import io.ap2p.node.api.FindEndpoint;
import io.ap2p.node.api.TaskRequest;
import io.ap2p.node.api.TrustEndpoint;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Delegating through a running node's local API ({@code --node DIR}), polling its runs. */
final class ApiSession implements Session {

  private static final Duration CALL = Duration.ofSeconds(30);

  private final NodeApiClient api;

  ApiSession(NodeApiClient api) {
    this.api = api;
  }

  @Override
  public JsonNode start(TaskRequest request) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(request.toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<byte[]> r = api.send("POST", "/v1/tasks", body, Duration.ofMinutes(2));
    if (r.statusCode() != 201) {
      throw new CliFailure("the node refused the task: " + error(r));
    }
    return json(r);
  }

  @Override
  public JsonNode status(String id) {
    HttpResponse<byte[]> r = api.send("GET", "/v1/tasks/" + id, null, CALL);
    if (r.statusCode() != 200) {
      throw new CliFailure("the node cannot say how task " + id + " goes: " + error(r));
    }
    return json(r);
  }

  @Override
  public Bytes output(String id, String step) {
    HttpResponse<byte[]> r =
        api.send(
            "GET",
            "/v1/tasks/"
                + id
                + "/steps/"
                + URLEncoder.encode(step, StandardCharsets.UTF_8).replace("+", "%20")
                + "/output",
            null,
            Duration.ofMinutes(2));
    if (r.statusCode() != 200) {
      throw new CliFailure("cannot fetch the output of step " + step + ": " + error(r));
    }
    return Bytes.wrap(r.body());
  }

  @Override
  public boolean cancel(String id) {
    HttpResponse<byte[]> r = api.send("DELETE", "/v1/tasks/" + id, null, CALL);
    return r.statusCode() == 202;
  }

  @Override
  public void pause(String id, Duration max) {
    try {
      Thread.sleep(max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  @Override
  public JsonNode find(JsonNode query) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(query);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<byte[]> r = api.send("POST", FindEndpoint.PATH, body, Duration.ofMinutes(1));
    if (r.statusCode() == 404) {
      throw new CliFailure("the node of " + api.dir() + " has no find API (an older version?)");
    }
    if (r.statusCode() != 200) {
      throw new CliFailure("the node cannot find: " + error(r));
    }
    return json(r);
  }

  @Override
  public JsonNode trust(PeerId peer) {
    HttpResponse<byte[]> r =
        api.send(
            "GET", TrustEndpoint.PATH + "/" + peer + "?" + TransientSession.HISTORY, null, CALL);
    if (r.statusCode() != 200) {
      throw new CliFailure("the node cannot say how " + peer + " stands: " + error(r));
    }
    return json(r);
  }

  @Override
  public long maxInputs() {
    return ApiJson.MAX_INPUT;
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    try {
      return ApiJson.parse(r.body());
    } catch (ApiException e) {
      throw new CliFailure("the node answered malformed JSON: " + e.getMessage());
    }
  }

  private static String error(HttpResponse<byte[]> r) {
    String text = new String(r.body(), StandardCharsets.UTF_8);
    try {
      JsonNode e = ApiJson.parse(r.body()).path("error");
      if (e.isTextual()) {
        text = e.asText();
      }
    } catch (ApiException ignored) {
      // not JSON: show it as it came
    }
    return text + " (HTTP " + r.statusCode() + ")";
  }

  @Override
  public void close() {
    api.close();
  }
}
