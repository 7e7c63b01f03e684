package io.ap2p.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Reads the body of {@code POST /v1/tasks} into a {@link TaskRequest}. */
final class TaskRequestParser {

  private static final Set<String> INVOKE =
      Set.of("tag", "intent", "input", "mediaType", "deadlineMs", "sideEffect", "policy");

  private TaskRequestParser() {}

  static TaskRequest parse(JsonNode body) throws ApiException {
    if (!(body instanceof ObjectNode o)) {
      throw ApiException.badRequest(
          "the body is a JSON object with one member, \"invoke\" or \"workflow\"");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("invoke") && !f.equals("workflow")) {
        throw ApiException.badRequest(f + ": unknown member (invoke or workflow)");
      }
    }
    if (o.size() != 1) {
      throw ApiException.badRequest("the body has one member, \"invoke\" or \"workflow\"");
    }
    if (o.has("workflow")) {
      return new TaskRequest.Workflow(WorkflowJson.read(o.get("workflow"), "workflow"));
    }
    return invoke(o.get("invoke"));
  }

  private static TaskRequest.Invoke invoke(JsonNode n) throws ApiException {
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.badRequest("invoke: an object with tag or intent, and input");
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!INVOKE.contains(f)) {
        throw ApiException.badRequest("invoke." + f + ": unknown member (known: " + INVOKE + ")");
      }
    }
    Optional<CapabilityTag> tag = Optional.empty();
    String tagText = text(o, "tag", null);
    if (tagText != null) {
      if (!CapabilityTag.isValid(tagText)) {
        throw ApiException.badRequest(
            "invoke.tag: a capability tag such as image.generate (got '" + tagText + "')");
      }
      tag = Optional.of(new CapabilityTag(tagText));
    }
    String intent = text(o, "intent", "");
    if (intent.length() > Query.MAX_TEXT) {
      throw ApiException.badRequest("invoke.intent: at most " + Query.MAX_TEXT + " characters");
    }
    if (tag.isEmpty() && intent.isBlank()) {
      throw ApiException.badRequest("invoke.tag: give a tag, or an intent to choose one by");
    }
    String b64 = text(o, "input", null);
    if (b64 == null) {
      throw ApiException.badRequest("invoke.input: required (the input, base64)");
    }
    Bytes input;
    try {
      input = Bytes.wrap(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invoke.input: not base64 (" + e.getMessage() + ")");
    }
    if (input.length() > ApiJson.MAX_INPUT) {
      throw new ApiException(413, "invoke.input: larger than 64 MiB");
    }
    String media = text(o, "mediaType", "application/octet-stream");
    if (!TaskLimits.isValidMediaType(media)) {
      throw ApiException.badRequest(
          "invoke.mediaType: 1 to 128 printable ASCII characters, no space at either end");
    }
    long deadline = TaskRequest.Invoke.DEFAULT_DEADLINE_MS;
    JsonNode d = o.get("deadlineMs");
    if (d != null) {
      if (!d.isIntegralNumber()
          || d.asLong() < 1
          || d.asLong() > TaskLimits.PROTOCOL.maxDeadlineMillis()) {
        throw ApiException.badRequest("invoke.deadlineMs: an integer from 1 to 3600000");
      }
      deadline = d.asLong();
    }
    String effectText = text(o, "sideEffect", "none");
    SideEffect effect = null;
    for (SideEffect e : SideEffect.values()) {
      if (e.jsonName().equals(effectText)) {
        effect = e;
      }
    }
    if (effect == null) {
      throw ApiException.badRequest(
          "invoke.sideEffect: none, reversible or irreversible (got '" + effectText + "')");
    }
    String policyText = text(o, "policy", null);
    Optional<TierPolicy> policy = Optional.empty();
    if (policyText != null) {
      try {
        policy = Optional.of(TierPolicy.parse(policyText));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("invoke.policy: " + e.getMessage());
      }
    }
    return new TaskRequest.Invoke(tag, intent, input, media, deadline, effect, policy);
  }

  private static String text(ObjectNode o, String field, String dflt) throws ApiException {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isTextual()) {
      throw ApiException.badRequest("invoke." + field + ": must be a string");
    }
    return n.asText();
  }
}
