package io.ap2p.node.execution.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A task's input as a tool's arguments: a JSON object is the arguments; other UTF-8 text is the
 * value of the tool's only string argument, when its input schema has exactly one string property
 * (so {@code ap2p invoke --input notes.txt} works with a tool that takes {@code {"text": ...}}).
 */
final class ToolInput {

  private ToolInput() {}

  /**
   * The arguments for {@code invocation}.
   *
   * @param inputSchema the tool's input schema, as published
   * @throws HandlerException BAD_INPUT saying what the tool expects
   */
  static Map<String, Object> arguments(Invocation invocation, JsonNode inputSchema)
      throws HandlerException {
    byte[] bytes = invocation.input().toByteArray();
    String type = invocation.mediaType().toLowerCase(java.util.Locale.ROOT);
    boolean json = type.isEmpty() || type.startsWith("application/json") || type.endsWith("+json");
    if (json || startsLikeObject(bytes)) {
      try {
        JsonNode node = Json.parse(bytes);
        if (node.isObject()) {
          return Json.MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {});
        }
      } catch (JsonFormatException e) {
        if (json && startsLikeObject(bytes)) {
          throw HandlerException.badInput("the input is not valid JSON: " + e.getMessage());
        }
      }
    }
    Optional<String> only = onlyStringProperty(inputSchema);
    if (only.isPresent()) {
      return Map.of(only.get(), utf8(bytes));
    }
    throw HandlerException.badInput(
        "the input must be a JSON object of the tool's arguments (see the descriptor's io.input)");
  }

  private static boolean startsLikeObject(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  private static Optional<String> onlyStringProperty(JsonNode schema) {
    JsonNode props = schema == null ? null : schema.get("properties");
    if (props == null || !props.isObject() || props.size() != 1) {
      return Optional.empty();
    }
    Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator();
    Map.Entry<String, JsonNode> e = it.next();
    return "string".equals(e.getValue().path("type").asText())
        ? Optional.of(e.getKey())
        : Optional.empty();
  }

  private static String utf8(byte[] bytes) throws HandlerException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw HandlerException.badInput("the input is neither a JSON object nor UTF-8 text");
    }
  }
}
