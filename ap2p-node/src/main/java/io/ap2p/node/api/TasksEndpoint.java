package io.ap2p.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.Node;
import io.ap2p.node.execution.TaskRun;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * {@code /v1/tasks}: start, watch, list and cancel delegations on a running node (see {@link
 * io.ap2p.node.LocalApi} for the endpoints). Answers are {@link Reply} values; the caller has
 * already checked the bearer token.
 */
public final class TasksEndpoint {

  /** The path every task endpoint starts with. */
  public static final String PATH = "/v1/tasks";

  /** Runs a list shows by default, and at most. */
  static final int DEFAULT_LIST = 50;

  static final int MAX_LIST = 1000;

  /**
   * An answer.
   *
   * @param status HTTP status
   * @param contentType its media type
   * @param body its bytes
   */
  public record Reply(int status, String contentType, byte[] body) {

    /** A JSON answer. */
    public static Reply json(int status, JsonNode body) {
      return new Reply(
          status, "application/json", Json.pretty(body).getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error answer: {@code {"error": message}}. */
    public static Reply error(int status, String message) {
      return json(status, Json.MAPPER.createObjectNode().put("error", message));
    }
  }

  private record Started(String id, long atMillis) {}

  private final Node node;
  private final TaskJson json = new TaskJson();
  private final ConcurrentLinkedDeque<Started> started = new ConcurrentLinkedDeque<>();

  /** The endpoints of {@code node}. */
  public TasksEndpoint(Node node) {
    this.node = node;
  }

  /** Whether {@code path} is one of these endpoints'. */
  public static boolean matches(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  /**
   * Answers one request.
   *
   * @param method the HTTP method
   * @param rawPath the request path, still percent-encoded
   * @param rawQuery the query string, or null
   * @param body the request body
   * @param contentLength its declared length, or -1
   * @throws IOException if the body cannot be read
   */
  public Reply handle(
      String method, String rawPath, String rawQuery, InputStream body, long contentLength)
      throws IOException {
    try {
      List<String> parts = segments(rawPath);
      Map<String, String> query = query(rawQuery);
      if (parts.isEmpty()) {
        return switch (method) {
          case "POST" -> create(body, contentLength);
          case "GET" -> list(query);
          default -> Reply.error(405, method + " " + PATH + ": use GET or POST");
        };
      }
      String id = parts.get(0);
      if (parts.size() == 1) {
        return switch (method) {
          case "GET" -> get(id, query);
          case "DELETE" -> cancel(id);
          default -> Reply.error(405, method + " " + PATH + "/{id}: use GET or DELETE");
        };
      }
      if (parts.size() == 4 && parts.get(1).equals("steps") && parts.get(3).equals("output")) {
        if (!method.equals("GET")) {
          return Reply.error(405, method + ": use GET");
        }
        return output(id, parts.get(2));
      }
      return Reply.error(404, "no such endpoint under " + PATH);
    } catch (ApiException e) {
      return Reply.error(e.status(), e.getMessage());
    }
  }

  private Reply create(InputStream in, long contentLength) throws IOException, ApiException {
    if (contentLength > ApiJson.MAX_BODY) {
      throw tooLarge();
    }
    byte[] bytes = in.readNBytes(ApiJson.MAX_BODY + 1);
    if (bytes.length > ApiJson.MAX_BODY) {
      throw tooLarge();
    }
    TaskRequest request = TaskRequest.parse(ApiJson.parse(bytes));
    TaskStarter.Started s = TaskStarter.start(node, request);
    String id = s.run().id();
    started.addFirst(new Started(id, node.clock().millis()));
    while (started.size() > MAX_LIST) {
      started.pollLast();
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", id);
    o.put("kind", request.kind());
    o.put("state", s.run().snapshot().state().name());
    if (request instanceof TaskRequest.Invoke) {
      o.put("tag", s.run().spec().workflow().steps().get(0).tag().value());
    }
    s.choice()
        .ifPresent(
            c ->
                o.putObject("chosen")
                    .put("tag", c.tag().value())
                    .put("capability", c.capability())
                    .put("provider", c.provider().toString())
                    .put("score", c.score()));
    return Reply.json(201, o);
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "the body is larger than " + ApiJson.MAX_BODY + " bytes (inputs: 64 MiB in base64)");
  }

  private Reply list(Map<String, String> query) throws ApiException {
    int limit = DEFAULT_LIST;
    if (query.containsKey("limit")) {
      try {
        limit = Integer.parseInt(query.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST) {
        throw ApiException.badRequest("limit: 1 to " + MAX_LIST);
      }
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode tasks = o.putArray("tasks");
    Set<String> listed = new HashSet<>();
    for (Started s : started) {
      if (tasks.size() >= limit) {
        break;
      }
      Optional<TaskRun> run = node.workflows().get(s.id());
      if (run.isPresent() && listed.add(s.id())) {
        tasks.add(json.summary(run.get().snapshot()).put("startedAtMillis", s.atMillis()));
      }
    }
    // runs this API did not start (their order is not known): after the others
    for (TaskRun run : node.workflows().runs()) {
      if (tasks.size() >= limit) {
        break;
      }
      if (listed.add(run.id())) {
        tasks.add(json.summary(run.snapshot()).putNull("startedAtMillis"));
      }
    }
    return Reply.json(200, o);
  }

  private Reply get(String id, Map<String, String> query) throws ApiException {
    TaskRun run = find(id);
    boolean outputs = "1".equals(query.get("output")) || "true".equals(query.get("output"));
    String step = query.get("step");
    return Reply.json(
        200, json.full(run.snapshot(), name -> outputs && (step == null || step.equals(name))));
  }

  private Reply output(String id, String step) throws ApiException {
    TaskRun run = find(id);
    for (TaskRun.StepView v : run.snapshot().steps()) {
      if (v.name().equals(step)) {
        if (v.output().isEmpty()) {
          throw new ApiException(404, "step " + step + " has no output (" + v.state() + ")");
        }
        return new Reply(
            200,
            v.mediaType().isEmpty() ? "application/octet-stream" : v.mediaType(),
            v.output().get().toByteArray());
      }
    }
    throw new ApiException(404, "task " + id + " has no step " + step);
  }

  private Reply cancel(String id) throws ApiException {
    TaskRun run = find(id);
    if (!node.workflows().cancel(id)) {
      throw new ApiException(409, "task " + id + " has already ended: " + run.snapshot().state());
    }
    return Reply.json(202, Json.MAPPER.createObjectNode().put("id", id).put("state", "CANCELLING"));
  }

  private TaskRun find(String id) throws ApiException {
    return node.workflows()
        .get(id)
        .orElseThrow(() -> new ApiException(404, "no task " + id + " on this node"));
  }

  private static List<String> segments(String rawPath) {
    String rest = rawPath.substring(PATH.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return List.of();
    }
    return java.util.Arrays.stream(rest.substring(1).split("/", -1))
        .map(TasksEndpoint::decode)
        .toList();
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(decode(k), decode(v));
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
