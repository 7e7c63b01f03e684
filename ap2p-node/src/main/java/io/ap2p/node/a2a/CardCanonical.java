package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes an AgentCard signature covers, built as {@code @a2a-js/sdk} 1.3.0's {@code
 * canonicalizeAgentCard} builds them: the card read through the A2A v1.0 schema ({@link
 * CardSchema}), without {@code signatures}, then stripped of empty strings, nulls, empty arrays and
 * empty objects (recursively, its {@code cleanEmpty}), then RFC 8785 (JCS). A card that strips to
 * nothing is {@code {}}.
 */
public final class CardCanonical {

  private CardCanonical() {}

  /**
   * The canonical bytes of {@code card} (which may carry signatures: they are left out).
   *
   * @throws CardRejectedException (MALFORMED_CARD) if the card does not read as an A2A card
   */
  public static Bytes of(JsonNode card) throws CardRejectedException {
    ObjectNode normalized = CardSchema.normalize(card);
    normalized.remove("signatures");
    Optional<JsonNode> cleaned = clean(normalized);
    try {
      return Jcs.canonicalize(cleaned.orElseGet(Json.MAPPER::createObjectNode));
    } catch (IllegalArgumentException e) {
      throw CardSchema.malformed("the card", "cannot be canonicalized: " + e.getMessage());
    }
  }

  /**
   * The card as it is signed: read through the schema, without signatures, empties stripped.
   *
   * @throws CardRejectedException (MALFORMED_CARD) if the card does not read as an A2A card
   */
  public static ObjectNode signedView(JsonNode card) throws CardRejectedException {
    ObjectNode normalized = CardSchema.normalize(card);
    normalized.remove("signatures");
    return (ObjectNode) clean(normalized).orElseGet(Json.MAPPER::createObjectNode);
  }

  /** The sdk's {@code cleanEmpty}: empty means "", null, [] or {} after cleaning; false stays. */
  static Optional<JsonNode> clean(JsonNode d) {
    if (d == null
        || d.isNull()
        || d.isMissingNode()
        || (d.isTextual() && d.textValue().isEmpty())) {
      return Optional.empty();
    }
    if (d.isArray()) {
      ArrayNode out = Json.MAPPER.createArrayNode();
      for (JsonNode v : d) {
        clean(v).ifPresent(out::add);
      }
      return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }
    if (d.isObject()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> e : d.properties()) {
        clean(e.getValue()).ifPresent(v -> out.set(e.getKey(), v));
      }
      return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }
    return Optional.of(d);
  }
}
