package io.ap2p.node.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ap2p.core.wire.Json;
import java.io.IOException;

/**
 * The JSON reader of the local API: {@link Json}'s rules (duplicate names rejected, nesting at most
 * {@value Json#MAX_DEPTH} deep) except that one string may hold a whole base64 input or output, up
 * to {@link #MAX_BODY} bytes.
 */
public final class ApiJson {

  /** Largest input of a task: 64 MiB, the task protocol's bound. */
  public static final long MAX_INPUT = 64L << 20;

  /** Largest request body: a 64 MiB input in base64 and 1 MiB for the rest. */
  public static final int MAX_BODY = (int) ((MAX_INPUT + 2) / 3 * 4 + (1 << 20));

  private static final ObjectMapper MAPPER = build();

  private ApiJson() {}

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(Json.MAX_DEPTH)
                    .maxStringLength(MAX_BODY)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * Parses one JSON value.
   *
   * @throws ApiException (400) if {@code bytes} is not JSON
   */
  public static JsonNode parse(byte[] bytes) throws ApiException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("the body is empty: send a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
    }
  }
}
