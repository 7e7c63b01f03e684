package io.ap2p.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An immutable JSON value held as its RFC 8785 canonical text, for opaque documents carried inside
 * ap2p objects (such as JSON Schemas). Equality is that of the canonical text.
 */
public final class JsonText {

  private final String canonical;

  private JsonText(String canonical) {
    this.canonical = canonical;
  }

  /** The canonical form of {@code node}. */
  public static JsonText of(JsonNode node) {
    return new JsonText(Jcs.canonicalText(node));
  }

  /** Holds {@code canonical}, which the caller knows to be canonical text already. */
  static JsonText ofCanonical(String canonical) {
    return new JsonText(canonical);
  }

  /**
   * Parses {@code text} and holds its canonical form.
   *
   * @throws IllegalArgumentException if it is not JSON
   */
  public static JsonText parse(String text) {
    try {
      return of(Json.MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
  }

  /** The canonical JSON text. */
  public String canonical() {
    return canonical;
  }

  /** A fresh tree of this value. */
  public JsonNode toTree() {
    try {
      return Json.MAPPER.readTree(canonical);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("canonical text is JSON by construction", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonText t && canonical.equals(t.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return canonical;
  }
}
