package io.ap2p.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tools made from descriptors found on the network ({@code --expose}): what a schema may hold. */
class NetworkToolsTest {

  final NetworkTools tools = new NetworkTools(null, new Calls());

  static JsonNode match(String io) throws Exception {
    return Json.parse(
        ("{\"descriptor\":{\"intent\":{\"name\":\"N\",\"description\":\"D\"},\"io\":{\"input\":"
                + io
                + "},\"constraints\":{\"sideEffect\":\"none\"}}}")
            .getBytes(StandardCharsets.UTF_8));
  }

  McpSchema.Tool tool(String io) throws Exception {
    return tools.exposed("image.generate", match(io)).tool();
  }

  @Test
  void aPlainObjectSchemaIsTheToolsInputSchema() throws Exception {
    McpSchema.Tool t =
        tool("{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}}}");
    assertThat(t.name()).isEqualTo("image_generate");
    assertThat(String.valueOf(t.inputSchema().get("properties"))).contains("prompt");
  }

  @Test
  void aSchemaThatRefersElsewhereOrIsLargeIsReplacedByAPermissiveOne() throws Exception {
    for (String io :
        new String[] {
          "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://evil.example/s\"}}}",
          "{\"$schema\":\"http://evil.example/meta\",\"type\":\"object\"}",
          "{\"type\":\"object\",\"description\":\"" + "x".repeat(Schemas.MAX_SCHEMA) + "\"}"
        }) {
      McpSchema.Tool t = tool(io);
      assertThat(Json.MAPPER.valueToTree(t.inputSchema()).toString())
          .doesNotContain("evil")
          .hasSizeLessThan(1000)
          .contains("\"input\"");
    }
    assertThat(tool("{\"type\":\"string\"}").inputSchema().toString()).contains("input");
    assertThat(tools.exposed("image.generate", null).tool().inputSchema())
        .containsKey("properties");
  }
}
