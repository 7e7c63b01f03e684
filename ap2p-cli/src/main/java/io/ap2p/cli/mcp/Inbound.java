package io.ap2p.cli.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every JSON-RPC message from a client passes here before the MCP SDK sees it, on both transports.
 * It keeps the SDK from what would end a stdio session (a line that is not JSON-RPC ends the SDK's
 * read loop) and does what the SDK does not: {@code notifications/cancelled} is taken here and
 * cancels the call it names ({@link Calls}), and each {@code tools/call} gets the key it can be
 * cancelled by in {@code params._meta["io.ap2p/call"]} (overwriting any a client sent).
 */
final class Inbound {

  /** Largest message: 32 MiB, room for a 16 MiB input in base64. */
  static final int MAX_MESSAGE = 32 << 20;

  /** The {@code _meta} member a tool call's key goes in. */
  static final String CALL_KEY = "io.ap2p/call";

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;

  private static final int MAX_METHOD = 128;
  private static final int MAX_ID = 256;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(MAX_MESSAGE)
                          .maxNumberLength(64)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** What to do with a message. */
  sealed interface Verdict {}

  /** Pass {@code bytes} (the message, perhaps with a call key added) to the SDK. */
  record Forward(byte[] bytes) implements Verdict {}

  /** Taken here (a cancellation): nothing to pass on, nothing to answer. */
  record Taken() implements Verdict {}

  /** Answer {@code error} (a JSON-RPC error response) and drop the message. */
  record Reject(String error) implements Verdict {}

  private final Calls calls;

  Inbound(Calls calls) {
    this.calls = calls;
  }

  /** The key a call is known by: its session and its JSON-RPC id (as JSON). */
  static String key(String session, JsonNode id) {
    return session + " " + id.toString();
  }

  /** Judges one message of {@code session} (the HTTP session id, or "stdio"). */
  Verdict judge(byte[] message, String session) {
    JsonNode m;
    try {
      m = MAPPER.readTree(message);
    } catch (JsonProcessingException e) {
      return new Reject(error(NullNode.getInstance(), PARSE_ERROR, "not JSON: " + brief(e)));
    } catch (IOException e) {
      return new Reject(error(NullNode.getInstance(), PARSE_ERROR, "unreadable: " + e));
    }
    if (m == null || !m.isObject()) {
      String why =
          m != null && m.isArray()
              ? "batches are not part of MCP 2025-11-25: send one message at a time"
              : "a JSON-RPC message is a JSON object";
      return new Reject(error(NullNode.getInstance(), INVALID_REQUEST, why));
    }
    JsonNode id = m.get("id");
    boolean idOk = id == null || validId(id);
    JsonNode echo = idOk && id != null ? id : NullNode.getInstance();
    if (!"2.0".equals(m.path("jsonrpc").asText(null))) {
      return new Reject(error(echo, INVALID_REQUEST, "jsonrpc: must be \"2.0\""));
    }
    if (!idOk) {
      return new Reject(
          error(echo, INVALID_REQUEST, "id: a string (at most 256 characters) or an integer"));
    }
    JsonNode method = m.get("method");
    if (method != null) {
      if (!method.isTextual()
          || method.asText().isEmpty()
          || method.asText().length() > MAX_METHOD) {
        return new Reject(error(echo, INVALID_REQUEST, "method: a string of 1 to 128 characters"));
      }
      JsonNode params = m.get("params");
      if (params != null && !params.isObject()) {
        return new Reject(error(echo, INVALID_REQUEST, "params: must be an object"));
      }
      if (id == null && method.asText().equals("notifications/cancelled")) {
        JsonNode target = params == null ? null : params.get("requestId");
        if (target != null && validId(target)) {
          calls.cancel(key(session, target));
        }
        return new Taken();
      }
      if (id != null && method.asText().equals("tools/call") && params != null) {
        ObjectNode meta =
            params.get("_meta") instanceof ObjectNode o
                ? o
                : ((ObjectNode) params).putObject("_meta");
        meta.put(CALL_KEY, key(session, id));
        try {
          return new Forward(MAPPER.writeValueAsBytes(m));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      return new Forward(message);
    }
    if (id != null && (m.has("result") || m.has("error"))) {
      return new Forward(message);
    }
    return new Reject(
        error(echo, INVALID_REQUEST, "neither a request, a notification nor a response"));
  }

  private static boolean validId(JsonNode id) {
    return (id.isTextual() && id.asText().length() <= MAX_ID)
        || (id.isIntegralNumber() && id.canConvertToLong());
  }

  private static String brief(JsonProcessingException e) {
    String s = e.getOriginalMessage();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** A JSON-RPC error response, as text. */
  static String error(JsonNode id, int code, String message) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jsonrpc", "2.0");
    o.set("id", id);
    o.putObject("error").put("code", code).put("message", message);
    return o.toString();
  }

  private static final Pattern HEAD_ID =
      Pattern.compile(
          "^\\s*\\{\\s*\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*,"
              + "\\s*(?:\"method\"\\s*:\\s*\"[^\"\\\\]{0,128}\"\\s*,\\s*)?"
              + "\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,256}\")");
  private static final Pattern TAIL_ID =
      Pattern.compile("\"id\"\\s*:\\s*(-?\\d{1,18}|\"[^\"\\\\]{0,256}\")\\s*}\\s*$");

  /**
   * The answer to a message over {@link #MAX_MESSAGE}, of which only the first and last bytes were
   * kept: with its id when one stands where SDKs put it (after "jsonrpc" and perhaps "method", or
   * last).
   */
  static String tooLarge(byte[] head, byte[] tail) {
    JsonNode id = NullNode.getInstance();
    for (Matcher m :
        new Matcher[] {
          HEAD_ID.matcher(new String(head, StandardCharsets.UTF_8)),
          TAIL_ID.matcher(new String(tail, StandardCharsets.UTF_8))
        }) {
      if (m.find()) {
        try {
          id = MAPPER.readTree(m.group(1));
        } catch (JsonProcessingException e) {
          continue;
        }
        break;
      }
    }
    return error(
        id,
        INVALID_REQUEST,
        "message larger than " + (MAX_MESSAGE >> 20) + " MiB (tool inputs: at most 16 MiB)");
  }
}
