package io.ap2p.node.execution.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.util.Iterator;
import java.util.Set;

/**
 * What {@code image.generate} is asked for: JSON {@code {"prompt": "...", "width": 256, "height":
 * 256}} (sizes optional, {@value #MIN_SIZE} to {@value #MAX_SIZE}, default {@value #DEFAULT_SIZE}),
 * or plain text, which is the prompt.
 *
 * @param prompt the prompt, not blank
 * @param width pixels
 * @param height pixels
 */
record ImageRequest(String prompt, int width, int height) {

  static final int MIN_SIZE = 64;
  static final int MAX_SIZE = 1024;
  static final int DEFAULT_SIZE = 256;

  private static final Set<String> MEMBERS = Set.of("prompt", "width", "height");

  /**
   * Reads an input: JSON when the media type says so or the text starts with {@code {} and parses
   * as an object; plain text otherwise.
   */
  static ImageRequest parse(Bytes input, String mediaType) throws HandlerException {
    boolean jsonType = MediaTypes.isJson(mediaType);
    String text = input.toUtf8();
    if (jsonType || text.stripLeading().startsWith("{")) {
      JsonNode node;
      try {
        node = Json.parse(input.toByteArray());
      } catch (JsonFormatException e) {
        if (jsonType) {
          throw HandlerException.badInput("input " + e.getMessage());
        }
        return ofText(text);
      }
      return ofJson(node);
    }
    return ofText(text);
  }

  private static ImageRequest ofText(String text) throws HandlerException {
    String prompt = text.strip();
    if (prompt.isEmpty()) {
      throw HandlerException.badInput("the prompt is empty");
    }
    return new ImageRequest(prompt, DEFAULT_SIZE, DEFAULT_SIZE);
  }

  private static ImageRequest ofJson(JsonNode node) throws HandlerException {
    if (!node.isObject()) {
      throw HandlerException.badInput("input must be a JSON object with a prompt");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw HandlerException.badInput(
            "$." + name + ": is not a known field (prompt, width, height)");
      }
    }
    JsonNode prompt = node.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.textValue().isBlank()) {
      throw HandlerException.badInput("$.prompt: must be a non-empty string");
    }
    return new ImageRequest(prompt.textValue().strip(), size(node, "width"), size(node, "height"));
  }

  private static int size(JsonNode node, String name) throws HandlerException {
    JsonNode n = node.get(name);
    if (n == null) {
      return DEFAULT_SIZE;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw HandlerException.badInput("$." + name + ": must be an integer");
    }
    int v = n.intValue();
    if (v < MIN_SIZE || v > MAX_SIZE) {
      throw HandlerException.badInput(
          "$." + name + ": must be from " + MIN_SIZE + " to " + MAX_SIZE + ", not " + v);
    }
    return v;
  }
}
