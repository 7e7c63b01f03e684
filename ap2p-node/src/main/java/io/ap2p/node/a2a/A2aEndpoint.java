package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.wire.Json;
import io.ap2p.node.Node;
import io.ap2p.node.a2a.A2aWire.Dialect;
import io.ap2p.node.api.ApiException;
import io.ap2p.node.api.ApiJson;
import io.ap2p.node.api.TasksEndpoint.Reply;
import io.ap2p.node.execution.LocalRuns;
import io.ap2p.node.execution.ServedCapability;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Output;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A2A on the local API: {@code POST /a2a} answers JSON-RPC 2.0 in A2A 1.0 ({@code SendMessage},
 * {@code GetTask}, {@code CancelTask}) and 0.3 ({@code message/send}, {@code tasks/get}, {@code
 * tasks/cancel}); {@code GET /.well-known/agent-card.json} gives the node's signed AgentCard. A
 * message runs one of the node's own served capabilities, locally ({@link LocalRuns}: the handlers,
 * limits and task log peers get), not a delegation to the network. The skill is named by {@code
 * metadata.skill} (of the message, else of the request: a capability id or one of its tags), or is
 * the node's only one. The caller has already checked the bearer token.
 */
public final class A2aEndpoint {

  /** Largest request body: the local API's (an input of 64 MiB in base64, and 1 MiB more). */
  static final int MAX_BODY = ApiJson.MAX_BODY;

  private final Node node;
  private final String apiUrl;
  private final LocalRuns runs;
  private final A2aTasks tasks;

  /** The endpoint of {@code node}, whose local API answers at {@code apiUrl}. */
  public A2aEndpoint(Node node, String apiUrl) {
    this.node = node;
    this.apiUrl = apiUrl;
    this.runs = new LocalRuns(node.tasks(), node.host().peerId());
    this.tasks = new A2aTasks();
  }

  /** Whether {@code path} is this endpoint's. */
  public static boolean matches(String path) {
    return path.equals(AgentCards.RPC_PATH) || path.equals(AgentCards.WELL_KNOWN_PATH);
  }

  /** The node's signed card now. */
  public ObjectNode card() {
    List<CapabilityDescriptor> served =
        node.tasks().capabilities().values().stream().map(ServedCapability::template).toList();
    return AgentCards.signed(
        node.options().identity(), node.host().agentVersion(), served, Optional.of(apiUrl));
  }

  /**
   * Answers one request.
   *
   * @throws IOException if the body cannot be read
   */
  public Reply handle(String method, String path, InputStream body, long contentLength)
      throws IOException {
    if (path.equals(AgentCards.WELL_KNOWN_PATH)) {
      return method.equals("GET")
          ? Reply.json(200, card())
          : Reply.error(405, method + " " + path + ": use GET");
    }
    if (!method.equals("POST")) {
      return Reply.error(405, method + " " + path + ": A2A JSON-RPC takes POST");
    }
    if (contentLength > MAX_BODY) {
      return rpcError(null, RpcException.INVALID_REQUEST, "the body is larger than " + MAX_BODY);
    }
    byte[] bytes = body.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      return rpcError(null, RpcException.INVALID_REQUEST, "the body is larger than " + MAX_BODY);
    }
    JsonNode req;
    try {
      req = ApiJson.parse(bytes);
    } catch (ApiException e) {
      return rpcError(null, RpcException.PARSE_ERROR, e.getMessage());
    }
    if (!req.isObject()) {
      return rpcError(
          null, RpcException.INVALID_REQUEST, "send one JSON-RPC request object (no batches)");
    }
    JsonNode id = req.get("id");
    if (id != null
        && !((id.isTextual() && id.textValue().length() <= A2aWire.MAX_ID)
            || (id.isIntegralNumber() && id.canConvertToLong())
            || id.isNull())) {
      return rpcError(
          null,
          RpcException.INVALID_REQUEST,
          "id must be a string of at most " + A2aWire.MAX_ID + " characters or an integer");
    }
    if (!"2.0".equals(req.path("jsonrpc").asText(null))) {
      return rpcError(id, RpcException.INVALID_REQUEST, "jsonrpc must be \"2.0\"");
    }
    if (!req.path("method").isTextual()) {
      return rpcError(id, RpcException.INVALID_REQUEST, "method must be a string");
    }
    if (id == null) {
      return new Reply(204, "application/json", new byte[0]); // a notification: nothing is run
    }
    try {
      JsonNode params = req.get("params");
      JsonNode result =
          switch (req.get("method").textValue()) {
            case "SendMessage" ->
                Json.MAPPER.createObjectNode().set("task", send(params, Dialect.V1));
            case "message/send" -> send(params, Dialect.V03);
            case "GetTask" -> get(params, Dialect.V1);
            case "tasks/get" -> get(params, Dialect.V03);
            case "CancelTask" -> cancel(params, Dialect.V1);
            case "tasks/cancel" -> cancel(params, Dialect.V03);
            case "SendStreamingMessage", "message/stream", "SubscribeToTask", "tasks/resubscribe" ->
                throw new RpcException(
                    RpcException.UNSUPPORTED,
                    "streaming is not supported (capabilities.streaming)");
            default ->
                throw new RpcException(
                    RpcException.METHOD_NOT_FOUND,
                    "no method "
                        + req.get("method").textValue()
                        + "; ap2p answers SendMessage, GetTask, CancelTask (A2A 1.0) and"
                        + " message/send, tasks/get, tasks/cancel (0.3)");
          };
      ObjectNode ok = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
      ok.set("id", id);
      ok.set("result", result);
      return Reply.json(200, ok);
    } catch (RpcException e) {
      return rpcError(id, e.code(), e.getMessage());
    }
  }

  private ObjectNode send(JsonNode params, Dialect d) throws RpcException {
    A2aWire.Send s = A2aWire.readSend(params, d);
    ServedCapability cap = skill(s.skill());
    long now = node.clock().millis();
    A2aTask task =
        new A2aTask(
            UUID.randomUUID().toString(),
            s.contextId().orElseGet(() -> UUID.randomUUID().toString()),
            cap.id(),
            now);
    tasks.add(task);
    long deadline = s.deadlineMs().orElse(cap.template().constraints().deadlineMs());
    Thread.ofVirtual()
        .name("a2a-" + task.id)
        .start(
            () -> {
              task.working(node.clock().millis());
              try {
                Output out =
                    runs.run(
                        cap.id(),
                        "a2a-" + task.id,
                        s.input(),
                        s.mediaType(),
                        deadline,
                        (f, m) -> task.progress(f, m, node.clock().millis()),
                        task.cancellation);
                task.completed(out, node.clock().millis());
                tasks.ended();
              } catch (HandlerException e) {
                task.failed(e, node.clock().millis());
              } catch (RuntimeException e) {
                task.failed(HandlerException.failed("internal error: " + e), node.clock().millis());
              }
            });
    if (s.blocking()) {
      try {
        task.awaitEnd(deadline + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return A2aWire.task(task.snapshot(), d);
  }

  /** The capability a message names, or the node's only one. */
  private ServedCapability skill(Optional<String> named) throws RpcException {
    List<ServedCapability> all =
        node.tasks().capabilities().values().stream()
            .sorted(Comparator.comparing(ServedCapability::id))
            .toList();
    if (all.isEmpty()) {
      throw new RpcException(RpcException.UNSUPPORTED, "this node serves no capabilities");
    }
    if (named.isEmpty()) {
      if (all.size() == 1) {
        return all.get(0);
      }
      throw RpcException.invalidParams(
          "name the skill in message.metadata.skill: one of "
              + all.stream().map(ServedCapability::id).toList());
    }
    for (ServedCapability c : all) {
      if (c.id().equals(named.get())) {
        return c;
      }
    }
    for (ServedCapability c : all) {
      if (c.template().intent().tags().stream()
          .map(CapabilityTag::value)
          .anyMatch(named.get()::equals)) {
        return c;
      }
    }
    throw RpcException.invalidParams(
        "no skill "
            + named.get()
            + " here; skills: "
            + all.stream().map(ServedCapability::id).toList());
  }

  private ObjectNode get(JsonNode params, Dialect d) throws RpcException {
    return A2aWire.task(find(params).snapshot(), d);
  }

  private ObjectNode cancel(JsonNode params, Dialect d) throws RpcException {
    A2aTask t = find(params);
    if (!t.cancel(node.clock().millis())) {
      throw new RpcException(
          RpcException.TASK_NOT_CANCELABLE,
          "task " + t.id + " has already ended: " + t.snapshot().state());
    }
    return A2aWire.task(t.snapshot(), d);
  }

  private A2aTask find(JsonNode params) throws RpcException {
    if (params == null || !params.path("id").isTextual()) {
      throw RpcException.invalidParams("params.id must be the task id");
    }
    String id = params.get("id").textValue();
    return tasks
        .get(id)
        .orElseThrow(() -> new RpcException(RpcException.TASK_NOT_FOUND, "no task " + id));
  }

  private static Reply rpcError(JsonNode id, int code, String message) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    o.set("id", id == null ? Json.MAPPER.nullNode() : id);
    o.putObject("error").put("code", code).put("message", message);
    return Reply.json(200, o);
  }
}
