package io.ap2p.core.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON parser configuration for peer input: duplicate keys rejected (RFC 8785 and I-JSON
 * require unique names), nesting at most {@value #MAX_DEPTH} deep, strings at most 1 MiB.
 */
public final class Json {

  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 32;

  /** The shared, thread-safe mapper. */
  public static final ObjectMapper MAPPER = build();

  private Json() {}

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * Parses {@code bytes} as one JSON value.
   *
   * @throws JsonFormatException at {@code $} with the parser's message
   */
  public static JsonNode parse(byte[] bytes) throws JsonFormatException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new JsonFormatException("$", "is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new JsonFormatException("$", "is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonFormatException("$", "cannot be read: " + e.getMessage());
    }
  }

  /** Pretty-printed text of {@code node}, for people. */
  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
