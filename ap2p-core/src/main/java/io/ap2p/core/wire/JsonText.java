package io.ap2p.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An immutable JSON value held as its RFC 8785 canonical text, for opaque documents carried inside
 * ap2p objects (such as JSON Schemas).
 *
 * @param canonical the canonical JSON text
 */
public record JsonText(String canonical) {

  /** Requires text that parses as JSON. */
  public JsonText {
    try {
      Json.MAPPER.readTree(canonical);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  /** The canonical form of {@code node}. */
  public static JsonText of(JsonNode node) {
    return new JsonText(Jcs.canonicalText(node));
  }

  /** A fresh tree of this value. */
  public JsonNode toTree() {
    try {
      return Json.MAPPER.readTree(canonical);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("validated at construction", e);
    }
  }

  @Override
  public String toString() {
    return canonical;
  }
}
