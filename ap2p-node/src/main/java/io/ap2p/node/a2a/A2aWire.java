package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.handler.Output;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A2A messages and tasks in JSON, in the two dialects the endpoint speaks: A2A 1.0 ({@code
 * SendMessage}: parts {@code {"text"}}, {@code {"raw"}}, {@code {"data"}}, states {@code
 * TASK_STATE_COMPLETED}, roles {@code ROLE_AGENT}) and A2A 0.3 ({@code message/send}: parts with
 * {@code kind} text, file or data, states {@code completed}, roles {@code agent}).
 */
final class A2aWire {

  /** Which A2A version a request came in. */
  enum Dialect {
    V1,
    V03
  }

  /** Longest id or context id accepted from a client. */
  static final int MAX_ID = 256;

  /**
   * A message/send request, read.
   *
   * @param skill the skill named in metadata ({@code skill}), if any
   * @param input the input bytes of its one content part
   * @param mediaType their media type
   * @param contextId the client's context id, if it gave one
   * @param blocking whether to answer only once the task ends
   * @param deadlineMs the deadline the client asks for ({@code metadata.deadlineMs}), if any
   */
  record Send(
      Optional<String> skill,
      Bytes input,
      String mediaType,
      Optional<String> contextId,
      boolean blocking,
      OptionalLong deadlineMs) {}

  private A2aWire() {}

  static Send readSend(JsonNode params, Dialect d) throws RpcException {
    if (params == null || !params.isObject()) {
      throw RpcException.invalidParams("params must be an object with a message");
    }
    JsonNode msg = params.get("message");
    if (msg == null || !msg.isObject()) {
      throw RpcException.invalidParams("params.message must be an object");
    }
    if (msg.hasNonNull("taskId") && !msg.get("taskId").asText("").isEmpty()) {
      throw new RpcException(
          RpcException.UNSUPPORTED,
          "each ap2p task takes one message: send without message.taskId to start a new one");
    }
    Optional<String> skill = text(msg.path("metadata"), "skill", "message.metadata.skill");
    if (skill.isEmpty()) {
      skill = text(params.path("metadata"), "skill", "params.metadata.skill");
    }
    OptionalLong deadline = OptionalLong.empty();
    for (JsonNode meta : new JsonNode[] {msg.path("metadata"), params.path("metadata")}) {
      JsonNode dl = meta.get("deadlineMs");
      if (dl != null && deadline.isEmpty()) {
        if (!dl.canConvertToLong() || dl.asLong() < 1 || dl.asLong() > 3_600_000) {
          throw RpcException.invalidParams("metadata.deadlineMs: 1 to 3600000");
        }
        deadline = OptionalLong.of(dl.asLong());
      }
    }
    Optional<String> context = text(msg, "contextId", "message.contextId");
    JsonNode cfg = params.path("configuration");
    boolean blocking =
        d == Dialect.V1
            ? !cfg.path("returnImmediately").asBoolean(false)
            : cfg.path("blocking").asBoolean(true);
    JsonNode parts = msg.get("parts");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw RpcException.invalidParams("message.parts must hold one part (the input)");
    }
    if (parts.size() > 1) {
      throw RpcException.invalidParams(
          "message.parts holds " + parts.size() + " parts; an ap2p skill takes one input part");
    }
    JsonNode part = parts.get(0);
    if (!part.isObject()) {
      throw RpcException.invalidParams("message.parts[0] must be an object");
    }
    return d == Dialect.V1
        ? readV1Part(part, skill, context, blocking, deadline)
        : readV03Part(part, skill, context, blocking, deadline);
  }

  private static Send readV1Part(
      JsonNode part,
      Optional<String> skill,
      Optional<String> context,
      boolean blocking,
      OptionalLong deadline)
      throws RpcException {
    String media = part.path("mediaType").asText("");
    if (part.hasNonNull("text")) {
      return new Send(
          skill, utf8(part.get("text")), orElse(media, "text/plain"), context, blocking, deadline);
    }
    if (part.hasNonNull("raw")) {
      return new Send(
          skill,
          base64(part.get("raw"), "message.parts[0].raw"),
          orElse(media, "application/octet-stream"),
          context,
          blocking,
          deadline);
    }
    if (part.has("data")) {
      return new Send(
          skill, json(part.get("data")), "application/json", context, blocking, deadline);
    }
    if (part.hasNonNull("url")) {
      throw RpcException.invalidParams("parts by url are not fetched: send the bytes (raw)");
    }
    throw RpcException.invalidParams("message.parts[0] has no text, raw or data");
  }

  private static Send readV03Part(
      JsonNode part,
      Optional<String> skill,
      Optional<String> context,
      boolean blocking,
      OptionalLong deadline)
      throws RpcException {
    switch (part.path("kind").asText("")) {
      case "text" -> {
        return new Send(skill, utf8(part.get("text")), "text/plain", context, blocking, deadline);
      }
      case "data" -> {
        return new Send(
            skill, json(part.get("data")), "application/json", context, blocking, deadline);
      }
      case "file" -> {
        JsonNode f = part.path("file");
        if (f.hasNonNull("uri")) {
          throw RpcException.invalidParams("files by uri are not fetched: send the bytes");
        }
        return new Send(
            skill,
            base64(f.get("bytes"), "message.parts[0].file.bytes"),
            orElse(f.path("mimeType").asText(""), "application/octet-stream"),
            context,
            blocking,
            deadline);
      }
      default ->
          throw RpcException.invalidParams("message.parts[0].kind must be text, data or file");
    }
  }

  private static Optional<String> text(JsonNode o, String name, String at) throws RpcException {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.textValue().isEmpty() || v.textValue().length() > MAX_ID) {
      throw RpcException.invalidParams(at + " must be a string of 1 to " + MAX_ID + " characters");
    }
    return Optional.of(v.textValue());
  }

  private static Bytes utf8(JsonNode text) throws RpcException {
    if (text == null || !text.isTextual()) {
      throw RpcException.invalidParams("message.parts[0].text must be a string");
    }
    return Bytes.wrap(text.textValue().getBytes(StandardCharsets.UTF_8));
  }

  private static Bytes json(JsonNode data) throws RpcException {
    if (data == null) {
      throw RpcException.invalidParams("message.parts[0].data is missing");
    }
    try {
      return Bytes.wrap(Json.MAPPER.writeValueAsBytes(data));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw RpcException.invalidParams("message.parts[0].data cannot be written: " + e);
    }
  }

  private static Bytes base64(JsonNode v, String at) throws RpcException {
    if (v == null || !v.isTextual()) {
      throw RpcException.invalidParams(at + " must be base64 text");
    }
    String t = v.textValue();
    try {
      return Bytes.wrap(
          t.indexOf('-') >= 0 || t.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(t)
              : Base64.getDecoder().decode(t));
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams(at + " is not base64: " + e.getMessage());
    }
  }

  private static String orElse(String s, String fallback) throws RpcException {
    if (s == null || s.isBlank()) {
      return fallback;
    }
    if (!TaskLimits.isValidMediaType(s)) {
      throw RpcException.invalidParams(
          "a part's media type must be 1 to 128 printable ASCII characters: " + s);
    }
    return s;
  }

  /** The task as A2A JSON: {@code kind} and lower-case states in 0.3, enum names in 1.0. */
  static ObjectNode task(A2aTask.Snapshot s, Dialect d) {
    ObjectNode t = Json.MAPPER.createObjectNode();
    if (d == Dialect.V03) {
      t.put("kind", "task");
    }
    t.put("id", s.id());
    t.put("contextId", s.contextId());
    ObjectNode status = t.putObject("status");
    status.put("state", state(s.state(), d));
    status.put("timestamp", Instant.ofEpochMilli(s.updatedAtMillis()).toString());
    if (!s.detail().isEmpty()) {
      ObjectNode m = status.putObject("message");
      if (d == Dialect.V03) {
        m.put("kind", "message");
      }
      m.put("messageId", s.id() + "-status");
      m.put("role", d == Dialect.V1 ? "ROLE_AGENT" : "agent");
      m.put("taskId", s.id());
      m.put("contextId", s.contextId());
      ObjectNode p = m.putArray("parts").addObject();
      if (d == Dialect.V03) {
        p.put("kind", "text");
      }
      p.put("text", s.detail());
    }
    if (s.output().isPresent()) {
      ObjectNode a = t.putArray("artifacts").addObject();
      a.put("artifactId", s.id() + "-result");
      a.put("name", s.skill());
      a.set("parts", Json.MAPPER.createArrayNode().add(part(s.output().get(), d)));
    }
    t.putObject("metadata").put("skill", s.skill());
    return t;
  }

  private static String state(A2aTask.State s, Dialect d) {
    return d == Dialect.V1 ? "TASK_STATE_" + s.name() : s.name().toLowerCase(Locale.ROOT);
  }

  /** The output as one part: JSON objects as data, text as text, anything else as bytes. */
  static ObjectNode part(Output out, Dialect d) {
    String media = out.mediaType();
    String essence = media.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    ObjectNode p = Json.MAPPER.createObjectNode();
    if (essence.equals("application/json") || essence.endsWith("+json")) {
      try {
        JsonNode data = Json.parse(out.bytes().toByteArray());
        if (data.isObject() || d == Dialect.V1) {
          if (d == Dialect.V03) {
            p.put("kind", "data");
          }
          p.set("data", data);
          if (d == Dialect.V1) {
            p.put("mediaType", media);
          }
          return p;
        }
      } catch (JsonFormatException e) {
        // not JSON after all: sent as bytes below
      }
    }
    if (essence.startsWith("text/")) {
      if (d == Dialect.V03) {
        p.put("kind", "text");
      }
      p.put("text", out.bytes().toUtf8());
      if (d == Dialect.V1) {
        p.put("mediaType", media);
      }
      return p;
    }
    String b64 = Base64.getEncoder().encodeToString(out.bytes().toByteArray());
    String name = "result" + extension(essence);
    if (d == Dialect.V1) {
      p.put("raw", b64).put("mediaType", media).put("filename", name);
    } else {
      p.put("kind", "file");
      p.putObject("file").put("bytes", b64).put("mimeType", media).put("name", name);
    }
    return p;
  }

  private static String extension(String essence) {
    return switch (essence) {
      case "image/png" -> ".png";
      case "image/jpeg" -> ".jpg";
      case "application/pdf" -> ".pdf";
      default -> ".bin";
    };
  }
}
