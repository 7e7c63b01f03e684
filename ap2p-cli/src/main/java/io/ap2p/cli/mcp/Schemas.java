package io.ap2p.cli.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import java.util.Map;

/** The JSON Schemas of the network tools' arguments and structured results. */
final class Schemas {

  private Schemas() {}

  static final String FIND_INPUT =
      """
      {"type": "object", "additionalProperties": false, "properties": {
        "intent": {"type": "string", "maxLength": 1024,
                   "description": "What you need, in words, e.g. 'generate an image of a cat'."},
        "tags": {"type": "array", "maxItems": 16,
                 "items": {"type": "string", "maxLength": 64},
                 "description": "Capability tags, e.g. [\\"image.generate\\"]."},
        "maxLatencyMs": {"type": "integer", "minimum": 0, "maximum": 3600000,
                         "description": "Largest claimed p95 latency; 0 for any."},
        "maxPrice": {"type": "number", "minimum": 0,
                     "description": "Largest price per invocation."},
        "region": {"type": "string", "maxLength": 64, "description": "Required data region."},
        "maxSideEffect": {"type": "string", "enum": ["none", "reversible", "irreversible"],
                          "description": "The most a provider's capability may do to the world."},
        "minTier": {"type": "integer", "minimum": 1, "maximum": 3,
                    "description": "Lowest verification tier the provider must support."},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100,
                  "description": "Most matches (default 10)."}}}
      """;

  static final String FIND_OUTPUT =
      """
      {"type": "object", "required": ["matches"], "properties": {
        "returned": {"type": "integer"}, "rejected": {"type": "integer"},
        "matches": {"type": "array", "items": {"type": "object", "properties": {
          "peer": {"type": "string"}, "capability": {"type": "string"},
          "name": {"type": "string"}, "tags": {"type": "array"},
          "score": {"type": "number"}, "trust": {"type": "number"},
          "known": {"type": "boolean"}, "why": {"type": "string"},
          "io": {"type": "object", "description": "The capability's input and output schemas."}
        }}}}}
      """;

  static final String INVOKE_INPUT =
      """
      {"type": "object", "additionalProperties": false, "properties": {
        "tag": {"type": "string", "maxLength": 64,
                "description": "The capability tag to invoke, e.g. image.generate."},
        "intent": {"type": "string", "maxLength": 1024,
                   "description": "What you need, in words; without a tag, the best match's tag."},
        "input": {"description": "The task's input: a string (sent as text/plain) or JSON (sent as application/json), as the capability's input schema says."},
        "inputBase64": {"type": "string",
                        "description": "A binary input in base64 (at most 16 MiB); needs mediaType."},
        "mediaType": {"type": "string", "maxLength": 128,
                      "description": "The input's media type, when not the default."},
        "deadlineMs": {"type": "integer", "minimum": 1, "maximum": 3600000,
                       "description": "Time allowed for a verified result (default 30000)."},
        "sideEffect": {"type": "string", "enum": ["none", "reversible", "irreversible"],
                       "description": "What the task does to the world; sets the checks (irreversible: signed receipts)."},
        "policy": {"type": "string",
                   "enum": ["naive", "reputation", "canary", "evidence", "risk-aware"],
                   "description": "How results are verified (default: the server's --policy, else the node's). Only a policy at least as strict as the server's --policy is accepted."}}}
      """;

  static final String WORKFLOW_INPUT =
      """
      {"type": "object", "additionalProperties": false, "required": ["workflow"], "properties": {
        "workflow": {"type": "object",
                     "description": "A workflow as 'ap2p workflow example' prints: {name, policy?, steps: [{name, tag, intent?, deadline?, sideEffect?, input: {text}|{json}|{base64}|{step}}]}. Files are not read."},
        "policy": {"type": "string",
                   "enum": ["naive", "reputation", "canary", "evidence", "risk-aware"],
                   "description": "Overrides the workflow's own policy. Either must be at least as strict as the server's --policy."}}}
      """;

  static final String RUN_OUTPUT =
      """
      {"type": "object", "required": ["status", "id", "steps"], "properties": {
        "status": {"type": "string", "enum": ["SUCCEEDED", "FAILED", "CANCELLED"]},
        "id": {"type": "string"}, "detail": {"type": "string"},
        "tag": {"type": "string"}, "chosen": {"type": "object"},
        "steps": {"type": "array", "items": {"type": "object", "properties": {
          "name": {"type": "string"}, "state": {"type": "string"},
          "provider": {"type": ["string", "null"]}, "attempts": {"type": "integer"},
          "canaries": {"type": "integer"},
          "receipt": {"type": ["object", "null"]}, "output": {"type": ["object", "null"]}}}}}}
      """;

  static final String TRUST_INPUT =
      """
      {"type": "object", "additionalProperties": false, "required": ["peer"], "properties": {
        "peer": {"type": "string", "maxLength": 128,
                 "description": "The peer id (12D3KooW...)."}}}
      """;

  static final String TRUST_OUTPUT =
      """
      {"type": "object", "required": ["peer", "known", "score"], "properties": {
        "peer": {"type": "string"}, "known": {"type": "boolean"},
        "score": {"type": "number"}, "good": {"type": "number"}, "bad": {"type": "number"},
        "tags": {"type": "array"}, "history": {"type": "array"}}}
      """;

  /** {@code schema} as the SDK takes it. */
  static Map<String, Object> map(String schema) {
    try {
      return Json.MAPPER.readValue(schema, new TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tool schema is not JSON", e);
    }
  }

  /** Largest descriptor schema taken as a tool's input schema. */
  static final int MAX_SCHEMA = 16 << 10;

  /** Whether {@code in} is a plain object schema, small and self-contained, usable as it is. */
  static boolean plainObject(JsonNode in) {
    return in.isObject() && "object".equals(in.path("type").asText()) && safe(in);
  }

  /**
   * The input schema of an exposed capability's tool: {@code in} itself when {@link #plainObject};
   * else {@code {"input": in}}, with {@code in} dropped (any input allowed) when it is large or
   * refers elsewhere.
   */
  static ObjectNode exposedInput(JsonNode in) {
    if (plainObject(in)) {
      return (ObjectNode) in.deepCopy();
    }
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode input = schema.putObject("properties").putObject("input");
    if (in.isObject() && safe(in)) {
      input.setAll((ObjectNode) in.deepCopy());
    }
    input.put("description", "The task's input (a string is sent as text, else as JSON).");
    schema.putArray("required").add("input");
    return schema;
  }

  /**
   * Whether {@code schema} is small and refers nowhere ({@code $ref}, {@code $id}, {@code $schema},
   * {@code $dynamicRef}, {@code $recursiveRef}: a validator could fetch what they name).
   */
  static boolean safe(JsonNode schema) {
    if (schema.toString().length() > MAX_SCHEMA) {
      return false;
    }
    java.util.Deque<JsonNode> todo = new java.util.ArrayDeque<>(java.util.List.of(schema));
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      for (String k : java.util.List.of("$ref", "$id", "$schema", "$dynamicRef", "$recursiveRef")) {
        if (n.has(k)) {
          return false;
        }
      }
      n.forEach(todo::push);
    }
    return true;
  }
}
