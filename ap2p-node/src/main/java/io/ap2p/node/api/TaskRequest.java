package io.ap2p.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /v1/tasks} asks a node to delegate: one capability on one input ({@link
 * Invoke}), or a workflow ({@link Workflow}). {@link #toJson()} writes the request body and {@link
 * #parse(JsonNode)} reads it:
 *
 * <pre>
 * {"invoke": {"tag": "text.summarize", "intent": "optional text", "input": "&lt;base64&gt;",
 *             "mediaType": "text/plain", "deadlineMs": 30000, "sideEffect": "none",
 *             "policy": "risk-aware"}}
 * {"workflow": &lt;a workflow file (docs/execution.md), inputs inline: text, json or base64&gt;}
 * </pre>
 */
public sealed interface TaskRequest permits TaskRequest.Invoke, TaskRequest.Workflow {

  /** "invoke" or "workflow", as the task's kind. */
  String kind();

  /** The bytes of every input the request carries. */
  long inputBytes();

  /** The request as the body of {@code POST /v1/tasks}. */
  ObjectNode toJson();

  /**
   * Reads a request body.
   *
   * @throws ApiException (400) naming the member at fault
   */
  static TaskRequest parse(JsonNode body) throws ApiException {
    return TaskRequestParser.parse(body);
  }

  /**
   * Invoke one capability.
   *
   * @param tag the capability tag; empty to choose one by {@code intent} through discovery
   * @param intent free text that refines discovery ("" for none)
   * @param input the task's input, at most {@link ApiJson#MAX_INPUT} bytes
   * @param mediaType the input's media type
   * @param deadlineMs time allowed for a verified result, 1 ms to one hour
   * @param sideEffect what the invocation may do to the world (its risk class follows)
   * @param policy the tier policy to verify under; empty for the node's default
   */
  record Invoke(
      Optional<CapabilityTag> tag,
      String intent,
      Bytes input,
      String mediaType,
      long deadlineMs,
      SideEffect sideEffect,
      Optional<TierPolicy> policy)
      implements TaskRequest {

    /** A request verified under the node's default policy. */
    public Invoke(
        Optional<CapabilityTag> tag,
        String intent,
        Bytes input,
        String mediaType,
        long deadlineMs,
        SideEffect sideEffect) {
      this(tag, intent, input, mediaType, deadlineMs, sideEffect, Optional.empty());
    }

    /** The deadline of a request that names none: 30 s. */
    public static final long DEFAULT_DEADLINE_MS = WorkflowFile.DEFAULT_DEADLINE_MS;

    /** Checks that a tag or an intent is given and every bound. */
    public Invoke {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(sideEffect, "sideEffect");
      Objects.requireNonNull(policy, "policy");
      if (tag.isEmpty() && intent.isBlank()) {
        throw new IllegalArgumentException("a tag or an intent is needed");
      }
      if (intent.length() > Query.MAX_TEXT) {
        throw new IllegalArgumentException("an intent has at most 1024 characters");
      }
      if (input.length() > ApiJson.MAX_INPUT) {
        throw new IllegalArgumentException("the input is larger than 64 MiB");
      }
      if (mediaType.isBlank() || mediaType.length() > TaskLimits.MAX_MEDIA_TYPE) {
        throw new IllegalArgumentException("a media type has 1 to 128 characters");
      }
      if (deadlineMs < 1 || deadlineMs > TaskLimits.PROTOCOL.maxDeadlineMillis()) {
        throw new IllegalArgumentException("the deadline is 1 ms to one hour");
      }
    }

    @Override
    public String kind() {
      return "invoke";
    }

    @Override
    public long inputBytes() {
      return input.length();
    }

    /**
     * The one-step workflow that invokes {@code chosen} (the tag, or one chosen for the intent).
     */
    public WorkflowSpec spec(CapabilityTag chosen) {
      WorkflowSpec spec =
          WorkflowSpec.single(
              new Step("invoke", chosen, RiskClass.of(sideEffect), deadlineMs, List.of(), intent),
              input,
              mediaType);
      return policy.map(spec::withPolicy).orElse(spec);
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ObjectNode o = body.putObject("invoke");
      tag.ifPresent(t -> o.put("tag", t.value()));
      if (!intent.isEmpty()) {
        o.put("intent", intent);
      }
      o.put("input", Base64.getEncoder().encodeToString(input.toByteArray()));
      o.put("mediaType", mediaType);
      o.put("deadlineMs", deadlineMs);
      o.put("sideEffect", sideEffect.jsonName());
      policy.ifPresent(p -> o.put("policy", p.label()));
      return body;
    }
  }

  /**
   * Run a workflow.
   *
   * @param spec the workflow and its steps' own inputs
   */
  record Workflow(WorkflowSpec spec) implements TaskRequest {

    /** Requires a spec. */
    public Workflow {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public String kind() {
      return "workflow";
    }

    @Override
    public long inputBytes() {
      return spec.inputs().values().stream().mapToLong(i -> i.bytes().length()).sum();
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("workflow", WorkflowJson.write(spec));
      return body;
    }
  }
}
