package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The canonical form of AgentCards against vectors {@code @a2a-js/sdk} 1.3.0's {@code
 * canonicalizeAgentCard} produced (resources/a2a/canonical-vectors.json; the interop test checks
 * them against the sdk again): snake_case aliases, unknown members, empties, optional booleans,
 * oneofs, and RFC 8785's number, string and ordering examples.
 */
class CardCanonicalTest {

  static List<JsonNode> vectors() throws Exception {
    try (InputStream in =
        CardCanonicalTest.class.getResourceAsStream("/a2a/canonical-vectors.json")) {
      List<JsonNode> out = new ArrayList<>();
      Json.MAPPER.readTree(in).forEach(out::add);
      return out;
    }
  }

  @Test
  void everyVectorCanonicalizesAsTheSdkDoes() throws Exception {
    List<JsonNode> vs = vectors();
    assertThat(vs).hasSizeGreaterThan(10);
    for (JsonNode v : vs) {
      assertThat(CardCanonical.of(v.get("card")).toUtf8())
          .as(v.get("note").asText())
          .isEqualTo(v.get("canonical").asText());
    }
  }

  @Test
  void wrongTypesAreRefusedWhereTheSdkWouldCoerce() {
    for (String bad :
        List.of(
            "[]",
            "\"card\"",
            "{\"name\": 5}",
            "{\"skills\": {\"id\": \"s\"}}",
            "{\"skills\": [\"s\"]}",
            "{\"skills\": [null]}",
            "{\"skills\": [{\"tags\": [1]}]}",
            "{\"capabilities\": {\"streaming\": \"yes\"}}",
            "{\"capabilities\": \"all\"}",
            "{\"securitySchemes\": {\"s\": null}}",
            "{\"securitySchemes\": []}",
            "{\"capabilities\": {\"extensions\": [{\"params\": 3}]}}",
            "{\"securitySchemes\": {\"__proto__\": {}}}",
            "{\"capabilities\": {\"extensions\": [{\"params\": {\"__proto__\": 1}}]}}",
            "{\"name\": \"\\ud800\"}",
            "{\"capabilities\": {\"extensions\": [{\"params\": {\"n\": 1e400}}]}}")) {
      assertThatThrownBy(() -> CardCanonical.of(Json.MAPPER.readTree(bad)))
          .as(bad)
          .isInstanceOfSatisfying(
              CardRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(CardRejectedException.Reason.MALFORMED_CARD));
    }
  }

  @Test
  void theMessageNamesTheMember() {
    assertThatThrownBy(
            () ->
                CardCanonical.of(
                    Json.MAPPER.readTree(
                        "{\"skills\": [{\"id\": \"a\"}, {\"tags\": [\"x\", 2]}]}")))
        .hasMessage("card.skills[1].tags[1] must be a string");
  }
}
