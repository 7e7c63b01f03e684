package io.ap2p.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.execution.Session;
import io.ap2p.cli.mcp.Args.ToolError;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.api.ApiException;
import io.ap2p.node.api.TaskRequest;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The network as four MCP tools, over a {@link Session} (a running node's API, or a transient
 * node): {@code find_capabilities}, {@code invoke_capability}, {@code run_workflow} and {@code
 * trust_of}. Each refuses bad arguments with a tool error naming the argument; a failure of the
 * network is a tool error too, never a crash.
 */
final class NetworkTools {

  static final String FIND = "find_capabilities";
  static final String INVOKE = "invoke_capability";
  static final String WORKFLOW = "run_workflow";
  static final String TRUST = "trust_of";

  /** Largest input a tool call carries: 16 MiB (larger ones: {@code ap2p invoke}). */
  static final int MAX_INPUT = 16 << 20;

  private static final Set<String> FIND_ARGS =
      Set.of(
          "intent",
          "tags",
          "maxLatencyMs",
          "maxPrice",
          "region",
          "maxSideEffect",
          "minTier",
          "limit");
  private static final Set<String> INVOKE_ARGS =
      Set.of(
          "tag",
          "intent",
          "input",
          "inputBase64",
          "mediaType",
          "deadlineMs",
          "sideEffect",
          "policy");
  private static final Set<String> SIDE_EFFECTS = Set.of("none", "reversible", "irreversible");
  private static final Set<String> POLICIES =
      Set.of("naive", "reputation", "canary", "evidence", "risk-aware");

  private final Session session;
  private final Calls calls;
  private final PolicyFloor floor;
  private final AtomicLong local = new AtomicLong();

  NetworkTools(Session session, Calls calls) {
    this(session, calls, Optional.empty());
  }

  /**
   * Tools whose runs are verified under {@code floor} when a call names no policy, and under one at
   * least as strict when it names one ({@link PolicyFloor}); empty: the node's default, and a call
   * may name none.
   */
  NetworkTools(Session session, Calls calls, Optional<TierPolicy> floor) {
    this.session = session;
    this.calls = calls;
    this.floor = new PolicyFloor(floor);
  }

  /** The four tools. */
  List<SyncToolSpecification> all() {
    return List.of(
        spec(
            FIND,
            "Find providers on the ap2p network",
            "Find peers that offer a capability, by intent (words) and/or capability tags, under"
                + " constraints. Every descriptor is signature-checked; matches are ranked by tags,"
                + " text, claimed QoS and this node's own trust in each provider, with the reason"
                + " for each rank. Each match carries its input/output JSON schemas.",
            Schemas.FIND_INPUT,
            Schemas.FIND_OUTPUT,
            true,
            this::find),
        spec(
            INVOKE,
            "Delegate one task to the network",
            "Invoke a capability (by tag, or by intent: the best match's tag) on the best"
                + " provider, verify the result (reputation, canaries, signed receipts, by the"
                + " side effect's risk) and fall back to the next provider on failure. Give the"
                + " input as 'input' (text, or JSON) or 'inputBase64' with a mediaType. Images"
                + " come back as image content. Progress is reported; cancelling cancels the"
                + " task.",
            Schemas.INVOKE_INPUT,
            Schemas.RUN_OUTPUT,
            false,
            this::invoke),
        spec(
            WORKFLOW,
            "Run a multi-step workflow on the network",
            "Run a workflow as 'ap2p workflow run' does: steps that each delegate a capability"
                + " tag, in order, each taking its own inline input ({text}, {json} or {base64})"
                + " or an earlier step's output ({step}); every step is verified by its risk."
                + " Start from 'ap2p workflow example'. Progress is reported per step;"
                + " cancelling cancels the run.",
            Schemas.WORKFLOW_INPUT,
            Schemas.RUN_OUTPUT,
            false,
            this::workflow),
        spec(
            TRUST,
            "A peer's standing",
            "How this node rates a peer from the outcomes it saw itself (Tier 1 reputation):"
                + " overall and per-tag scores from -1 to 1, and recent outcomes. A peer never"
                + " seen is a newcomer at 0.",
            Schemas.TRUST_INPUT,
            Schemas.TRUST_OUTPUT,
            true,
            this::trust));
  }

  @FunctionalInterface
  interface Handler {
    CallToolResult handle(McpSyncServerExchange exchange, CallToolRequest request);
  }

  private static SyncToolSpecification spec(
      String name,
      String title,
      String description,
      String input,
      String output,
      boolean readOnly,
      Handler handler) {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(name, Schemas.map(input))
            .title(title)
            .description(description)
            .outputSchema(Schemas.map(output))
            .annotations(
                new McpSchema.ToolAnnotations(title, readOnly, !readOnly, false, true, null))
            .build();
    return new SyncToolSpecification(
        tool,
        (exchange, request) -> {
          try {
            return handler.handle(exchange, request);
          } catch (ToolError | CliFailure e) {
            return error(e.getMessage());
          } catch (RuntimeException e) {
            return error(name + ": internal error: " + e);
          }
        });
  }

  static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  private CallToolResult find(McpSyncServerExchange exchange, CallToolRequest request) {
    Args a = Args.of(FIND, request.arguments(), FIND_ARGS);
    ObjectNode query = a.json().deepCopy();
    query.remove("intent");
    a.string("intent", Query.MAX_TEXT).ifPresent(t -> query.put("text", t));
    if (a.has("tags")) {
      JsonNode tags = a.get("tags");
      if (!tags.isArray() || tags.size() > Query.MAX_TAGS) {
        throw a.fail("tags", "an array of at most " + Query.MAX_TAGS + " capability tags");
      }
      for (JsonNode t : tags) {
        if (!t.isTextual() || !CapabilityTag.isValid(t.asText())) {
          throw a.fail("tags", "each a capability tag such as image.generate (got " + t + ")");
        }
      }
    }
    if (!a.has("intent") && !a.has("tags")) {
      throw new ToolError(FIND + ": give an intent (what you need, in words) or tags");
    }
    JsonNode r = session.find(query);
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("returned", r.path("returned").asInt());
    out.put("rejected", r.path("rejected").asInt());
    ArrayNode matches = out.putArray("matches");
    StringBuilder text = new StringBuilder();
    int i = 1;
    for (JsonNode m : r.path("matches")) {
      ObjectNode e = matches.addObject();
      for (String f : List.of("peer", "capability", "name", "tags", "score", "trust", "known")) {
        e.set(f, m.path(f).deepCopy());
      }
      e.set("why", m.path("why").deepCopy());
      JsonNode d = m.path("descriptor");
      e.set("constraints", d.path("constraints").deepCopy());
      e.set("qos", d.path("qos").deepCopy());
      e.set("io", d.path("io").deepCopy());
      text.append(
          String.format(
              Locale.ROOT,
              "%d. %s  %s  %.3f  %s (tags %s)%n   why: %s%n",
              i++,
              m.path("peer").asText(),
              m.path("capability").asText(),
              m.path("score").asDouble(),
              m.path("name").asText(),
              m.path("tags"),
              m.path("why").asText()));
    }
    if (matches.isEmpty()) {
      text.append("no matches");
    }
    return CallToolResult.builder()
        .addTextContent(text.toString().strip())
        .structuredContent(Json.MAPPER.convertValue(out, Map.class))
        .build();
  }

  private CallToolResult invoke(McpSyncServerExchange exchange, CallToolRequest request) {
    Args a = Args.of(INVOKE, request.arguments(), INVOKE_ARGS);
    Optional<CapabilityTag> tag =
        a.string("tag", CapabilityTag.MAX_LENGTH)
            .map(
                t -> {
                  if (!CapabilityTag.isValid(t)) {
                    throw a.fail(
                        "tag", "a capability tag such as image.generate (got '" + t + "')");
                  }
                  return new CapabilityTag(t);
                });
    String intent = a.string("intent", Query.MAX_TEXT).orElse("");
    if (tag.isEmpty() && intent.isBlank()) {
      throw new ToolError(INVOKE + ": give a tag (e.g. image.generate) or an intent (in words)");
    }
    if (a.has("input") == a.has("inputBase64")) {
      throw new ToolError(INVOKE + ": give exactly one of input (text or JSON) and inputBase64");
    }
    Optional<String> media = a.string("mediaType", TaskLimits.MAX_MEDIA_TYPE);
    if (media.isPresent() && !TaskLimits.isValidMediaType(media.get())) {
      throw a.fail("mediaType", "a media type such as text/plain");
    }
    Bytes input;
    String mediaType;
    if (a.has("inputBase64")) {
      String b64 = a.string("inputBase64", (MAX_INPUT + 2) / 3 * 4).orElseThrow();
      try {
        input = Bytes.wrap(Base64.getDecoder().decode(b64));
      } catch (IllegalArgumentException e) {
        throw a.fail("inputBase64", "not base64: " + e.getMessage());
      }
      mediaType = media.orElseThrow(() -> a.fail("mediaType", "required with inputBase64"));
    } else if (a.get("input").isTextual()) {
      String text = a.get("input").asText();
      if (text.length() > MAX_INPUT) {
        throw a.fail("input", "at most 16 MiB");
      }
      input = Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      mediaType = media.orElse("text/plain; charset=utf-8");
    } else {
      byte[] json = a.get("input").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      input = Bytes.wrap(json);
      mediaType = media.orElse("application/json");
    }
    if (input.length() > MAX_INPUT) {
      throw a.fail("input", "at most 16 MiB (" + input.length() + " bytes given)");
    }
    long deadline = a.integer("deadlineMs", 1, TaskLimits.PROTOCOL.maxDeadlineMillis(), 30_000);
    SideEffect effect = SideEffect.NONE;
    String e = a.choice("sideEffect", SIDE_EFFECTS, "none");
    for (SideEffect s : SideEffect.values()) {
      if (s.jsonName().equals(e)) {
        effect = s;
      }
    }
    Optional<TierPolicy> policy =
        floor.resolve(
            INVOKE, Optional.ofNullable(a.choice("policy", POLICIES, null)).map(TierPolicy::parse));
    TaskRequest.Invoke req;
    try {
      req = new TaskRequest.Invoke(tag, intent, input, mediaType, deadline, effect, policy);
    } catch (IllegalArgumentException ex) {
      throw new ToolError(INVOKE + ": " + ex.getMessage());
    }
    return run(exchange, request, req, Duration.ofMillis(deadline), true);
  }

  private CallToolResult workflow(McpSyncServerExchange exchange, CallToolRequest request) {
    Args a = Args.of(WORKFLOW, request.arguments(), Set.of("workflow", "policy"));
    if (!a.has("workflow") || !a.get("workflow").isObject()) {
      throw a.fail("workflow", "required: a workflow as in 'ap2p workflow example', inputs inline");
    }
    Optional<TierPolicy> asked =
        Optional.ofNullable(a.choice("policy", POLICIES, null)).map(TierPolicy::parse);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("workflow", a.get("workflow"));
    TaskRequest.Workflow req;
    try {
      req = (TaskRequest.Workflow) TaskRequest.parse(body);
    } catch (ApiException ex) {
      throw new ToolError(WORKFLOW + ": " + ex.getMessage());
    }
    // the workflow's own "policy" is asked for by the client as much as the argument is
    Optional<TierPolicy> own = req.spec().policy();
    Optional<TierPolicy> policy = floor.resolve(WORKFLOW, asked.or(() -> own));
    if (policy.isPresent()) {
      req = new TaskRequest.Workflow(req.spec().withPolicy(policy.get()));
    }
    if (req.inputBytes() > MAX_INPUT) {
      throw a.fail("workflow", "its inputs add up to more than 16 MiB");
    }
    long deadline =
        req.spec().workflow().steps().stream()
            .mapToLong(io.ap2p.core.execution.Step::deadlineMs)
            .sum();
    return run(exchange, request, req, Duration.ofMillis(deadline), false);
  }

  private CallToolResult run(
      McpSyncServerExchange exchange,
      CallToolRequest request,
      TaskRequest task,
      Duration deadline,
      boolean single) {
    String key = key(request);
    if (!calls.begin(key)) {
      throw new ToolError(
          request.name()
              + ": "
              + Calls.MAX_RUNNING
              + " calls are running already; wait for one to end");
    }
    try {
      JsonNode started = session.start(task);
      String id = started.path("id").asText();
      RunFollower follower = new RunFollower(session, exchange, request.progressToken());
      String note =
          "task "
              + id
              + " started"
              + (started.path("tag").isTextual() ? " (" + started.path("tag").asText() + ")" : "");
      JsonNode run = follower.follow(id, calls, key, deadline, note);
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("status", run.path("state").asText());
      out.put("id", id);
      out.put("detail", run.path("detail").asText());
      if (single) {
        out.put("tag", started.path("tag").asText());
        if (started.path("chosen").isObject()) {
          out.set("chosen", started.path("chosen").deepCopy());
        }
      }
      ArrayNode steps = out.putArray("steps");
      List<McpSchema.Content> content = new ArrayList<>();
      content.add(Outputs.text(Outputs.report(run)));
      for (JsonNode s : run.path("steps")) {
        steps.add(Outputs.step(s));
        content.addAll(Outputs.content(session, id, s));
      }
      boolean ok = Outputs.succeeded(run);
      if (follower.cancelled()) {
        content.set(0, Outputs.text("cancelled: " + Outputs.report(run)));
      }
      return CallToolResult.builder()
          .content(content)
          .structuredContent(Json.MAPPER.convertValue(out, Map.class))
          .isError(!ok)
          .build();
    } finally {
      calls.end(key);
    }
  }

  /**
   * A tool of its own for capability {@code tag} ({@code --expose}): named after the tag ({@code
   * image.generate} becomes {@code image_generate}), its input schema the {@code io.input} schema
   * of {@code match} (the best provider found at start), its arguments the task's JSON input. A
   * schema that is not a plain object schema is wrapped as {@code {"input": schema}}; one that is
   * large or refers elsewhere ({@code $ref}, {@code $id}, {@code $schema}, {@code $dynamicRef}: the
   * validator could fetch it) is replaced by a permissive one. The step's risk follows the
   * descriptor's declared side effect.
   */
  SyncToolSpecification exposed(String tag, JsonNode match) {
    JsonNode d = match == null ? Json.MAPPER.createObjectNode() : match.path("descriptor");
    JsonNode in = d.path("io").path("input");
    boolean plain = Schemas.plainObject(in);
    ObjectNode schema = Schemas.exposedInput(in);
    String name = d.path("intent").path("name").asText(tag);
    String description =
        (d.path("intent").path("description").asText(name)
                + " (the "
                + tag
                + " capability on the ap2p network: the best provider, verified, with fallback)")
            .strip();
    SideEffect effect = SideEffect.NONE;
    for (SideEffect e : SideEffect.values()) {
      if (e.jsonName().equals(d.path("constraints").path("sideEffect").asText())) {
        effect = e;
      }
    }
    SideEffect risk = effect;
    return spec(
        toolName(tag),
        name.length() > 128 ? name.substring(0, 128) : name,
        description.length() > 2000 ? description.substring(0, 2000) : description,
        schema.toString(),
        Schemas.RUN_OUTPUT,
        false,
        (exchange, request) -> {
          ObjectNode args =
              request.arguments() == null
                  ? Json.MAPPER.createObjectNode()
                  : Json.MAPPER.valueToTree(request.arguments());
          JsonNode input = plain ? args : args.path("input");
          byte[] bytes =
              (input.isTextual() ? input.asText() : input.toString())
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          if (bytes.length > MAX_INPUT) {
            throw new ToolError(request.name() + ": the input is larger than 16 MiB");
          }
          TaskRequest.Invoke req =
              new TaskRequest.Invoke(
                  Optional.of(new CapabilityTag(tag)),
                  "",
                  Bytes.wrap(bytes),
                  input.isTextual() ? "text/plain; charset=utf-8" : "application/json",
                  30_000,
                  risk,
                  floor.floor());
          return run(exchange, request, req, Duration.ofMillis(30_000), true);
        });
  }

  /** The tool name for a tag: dots become underscores (names some clients accept). */
  static String toolName(String tag) {
    return tag.replace('.', '_');
  }

  private String key(CallToolRequest request) {
    Object k = request.meta() == null ? null : request.meta().get(Inbound.CALL_KEY);
    return k instanceof String s ? s : "local " + local.incrementAndGet();
  }

  private CallToolResult trust(McpSyncServerExchange exchange, CallToolRequest request) {
    Args a = Args.of(TRUST, request.arguments(), Set.of("peer"));
    String text = a.string("peer", 128).orElseThrow(() -> a.fail("peer", "required: a peer id"));
    PeerId peer;
    try {
      peer = PeerId.parse(text.strip());
    } catch (KeyFormatException | IllegalArgumentException e) {
      throw a.fail("peer", "not a peer id (" + e.getMessage() + ")");
    }
    JsonNode r = session.trust(peer);
    String summary =
        r.path("known").asBoolean()
            ? String.format(
                Locale.ROOT,
                "%s: score %+.3f (good %.2f, bad %.2f after aging); tags %s",
                peer,
                r.path("score").asDouble(),
                r.path("good").asDouble(),
                r.path("bad").asDouble(),
                r.path("tags"))
            : peer + ": no record here: a newcomer (score 0)";
    return CallToolResult.builder()
        .addTextContent(summary)
        .structuredContent(Json.MAPPER.convertValue(r, Map.class))
        .build();
  }
}
