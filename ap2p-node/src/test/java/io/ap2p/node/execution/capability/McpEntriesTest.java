package io.ap2p.node.execution.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcp} entries of a capabilities file: what is accepted, and hostile or wrong config. */
class McpEntriesTest {

  @TempDir Path dir;

  private List<CapabilitySpec> parse(String json) throws CapabilitiesFileException {
    return CapabilitiesFile.parse(Bytes.wrap(json.getBytes(StandardCharsets.UTF_8)), dir);
  }

  private String file(String servers, String entries) {
    return "{\"mcpServers\": {" + servers + "}, \"capabilities\": [" + entries + "]}";
  }

  private static final String SH = "\"files\": {\"command\": \"sh\", \"args\": [\"server.sh\"]}";

  private void fails(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(CapabilitiesFileException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anEntryPerToolWithDefaultsAndAStandInTemplate() throws Exception {
    List<CapabilitySpec> specs =
        parse(
            file(
                SH + ", \"remote\": {\"url\": \"http://127.0.0.1:3001/mcp\"}",
                """
                {"handler": {"type": "mcp", "server": "files", "tool": "read_file",
                             "sideEffect": "none"}},
                {"handler": {"type": "mcp", "server": "files", "tool": "write_file"},
                 "descriptor": {"id": "writer", "ttlSeconds": 30,
                                "intent": {"tags": ["file.write"]},
                                "constraints": {"deadlineMs": 5000}}},
                {"handler": {"type": "mcp", "server": "remote", "tool": "echo",
                             "maxOutputBytes": 1024}}"""));
    assertThat(specs)
        .extracting(CapabilitySpec::id)
        .containsExactly("files.read-file", "writer", "remote.echo");
    HandlerSpec.Mcp read = (HandlerSpec.Mcp) specs.get(0).handler();
    assertThat(read.sideEffect()).isEqualTo("none");
    assertThat(read.server().command()).hasSize(2).last().isEqualTo("server.sh");
    assertThat(read.server().command().get(0)).isEqualTo("sh");
    ObjectNode t = specs.get(0).template();
    assertThat(t.at("/intent/tags/0").asText()).isEqualTo("mcp.files.read-file");
    assertThat(t.at("/verification/receipts").asBoolean()).isTrue();
    // no side effect given: the safe default
    ObjectNode w = specs.get(1).template();
    assertThat(w.at("/constraints/sideEffect").asText()).isEqualTo("irreversible");
    assertThat(w.at("/constraints/deadlineMs").asLong()).isEqualTo(5000);
    assertThat(w.at("/constraints/maxInputBytes").asLong())
        .isEqualTo(McpTemplates.DEFAULT_MAX_INPUT_BYTES);
    assertThat(w.at("/intent/tags/0").asText()).isEqualTo("file.write");
    assertThat(w.get("ttlSeconds").asInt()).isEqualTo(30);
    HandlerSpec.Mcp echo = (HandlerSpec.Mcp) specs.get(2).handler();
    assertThat(echo.server().url()).isPresent();
    assertThat(echo.maxOutputBytes()).isEqualTo(1024);
  }

  @Test
  void storedEntriesAreSelfContainedAndReadAgain() throws Exception {
    List<CapabilitySpec> specs =
        parse(
            file(
                "\"files\": {\"command\": [\"sh\", \"server.sh\"], \"env\": {\"K\": \"v\"},"
                    + " \"maxConcurrent\": 2}",
                "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"},"
                    + " \"descriptor\": {\"intent\": {\"tags\": [\"x.y\"]}}}"));
    CapabilitySpec again = CapabilitySpec.parseEntry(specs.get(0).configJson(), Path.of("/"));
    assertThat(again.handler()).isEqualTo(specs.get(0).handler());
    assertThat(again.template()).isEqualTo(specs.get(0).template());
    assertThat(again.configJson()).isEqualTo(specs.get(0).configJson());
  }

  @Test
  void theToolsListingCompletesTheTemplate() throws Exception {
    CapabilitySpec spec =
        parse(
                file(
                    SH,
                    "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"echo\","
                        + " \"sideEffect\": \"reversible\"}}"))
            .get(0);
    JsonNode schema =
        Json.parse(
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}".getBytes());
    ObjectNode t =
        McpTemplates.forTool(
            spec,
            new McpTemplates.ToolInfo(
                "echo",
                Optional.of("Echo"),
                Optional.of("x".repeat(5000)),
                schema,
                Optional.empty(),
                "mcp test 1.0"));
    assertThat(t.at("/intent/name").asText()).isEqualTo("Echo");
    assertThat(t.at("/intent/description").asText()).hasSize(2048).endsWith("…");
    assertThat(t.at("/io/input")).isEqualTo(schema);
    assertThat(t.at("/state/version").asText()).isEqualTo("mcp test 1.0");
    assertThat(t.at("/constraints/sideEffect").asText()).isEqualTo("reversible");
  }

  @Test
  void anOversizedSchemaFromTheServerIsRefusedWithTheReason() throws Exception {
    CapabilitySpec spec =
        parse(
                file(
                    SH,
                    "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}}"))
            .get(0);
    ObjectNode big = Json.MAPPER.createObjectNode().put("type", "object");
    big.put("description", "y".repeat(20_000));
    assertThatThrownBy(
            () ->
                McpTemplates.forTool(
                    spec,
                    new McpTemplates.ToolInfo(
                        "t", Optional.empty(), Optional.empty(), big, Optional.empty(), "v")))
        .isInstanceOf(CapabilitiesFileException.class)
        .hasMessageContaining("capability files.t (tool t)")
        .hasMessageContaining("io.input");
  }

  @Test
  void hostileAndWrongConfigIsRefusedNamingEntryAndField() {
    String tool = "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}}";
    fails(
        file("\"files\": {\"args\": [\"x\"]}", tool),
        "mcpServers.files: must have exactly one of command");
    fails(
        file("\"files\": {\"command\": \"no-such-program-ap2p\"}", tool),
        "mcpServers.files.command[0]: no-such-program-ap2p is not an executable on PATH");
    fails(
        file("\"files\": {\"url\": \"ftp://127.0.0.1/mcp\"}", tool),
        "mcpServers.files.url: must be an http or https URL");
    fails(
        file("\"files\": {\"url\": \"http://example.com/mcp\"}", tool),
        "mcpServers.files.url: host example.com is not a loopback address");
    fails(
        file("\"files\": {\"url\": \"http://u:p@127.0.0.1/mcp\"}", tool),
        "must not carry user info");
    fails(
        file("\"files\": {\"url\": \"http://127.0.0.1/\", \"env\": {}}", tool),
        "mcpServers.files.env: is for a command, not a url");
    fails(
        file("\"files\": {\"command\": [\"sh\"], \"args\": [\"x\"]}", tool),
        "mcpServers.files.args: is not allowed when command is an array");
    fails(
        file("\"files\": {\"command\": \"sh\", \"maxConcurrent\": 0}", tool),
        "mcpServers.files.maxConcurrent: must be an integer from 1 to 64");
    fails(
        file("\"files\": {\"command\": \"sh\", \"maxMessageBytes\": 10}", tool),
        "mcpServers.files.maxMessageBytes");
    fails(
        file("\"files\": {\"command\": \"sh\", \"startTimeoutMs\": 99999999}", tool),
        "mcpServers.files.startTimeoutMs");
    fails(
        file("\"files\": {\"command\": \"sh\", \"comand\": \"sh\"}", tool),
        "mcpServers.files.comand: is not a known field");
    fails(
        file("\"bad name!\": {\"command\": \"sh\"}", tool),
        "mcpServers.bad name!: is not a server name");
    fails(
        file("\"files\": {\"command\": \"sh\", \"type\": \"http\"}", tool),
        "mcpServers.files.type: must be stdio (with command) or http (with url)");
    fails(
        file(SH, "{\"handler\": {\"type\": \"mcp\", \"server\": \"nope\", \"tool\": \"t\"}}"),
        "capabilities[0].handler.server: names no server of mcpServers (known: [files])");
    fails(
        file(SH, "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\"}}"),
        "capabilities[0].handler.tool: must be a non-empty string");
    fails(
        file(SH, "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"rm -rf\"}}"),
        "capabilities[0].handler.tool: is not an MCP tool name");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \""
                + "a".repeat(129)
                + "\"}}"),
        "capabilities[0].handler.tool: is not an MCP tool name");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\", \"sideEffect\": \"some\"}}"),
        "capabilities[0].handler.sideEffect: must be one of none, reversible, irreversible");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\", \"maxOutputBytes\": 0}}"),
        "capabilities[0].handler.maxOutputBytes");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}, \"descriptor\": {\"io\": {}}}"),
        "capabilities[0].descriptor.io: is not a known field");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}, \"descriptor\": {\"constraints\": {\"sideEffect\": \"none\"}}}"),
        "capabilities[0].descriptor.constraints.sideEffect: is set by the handler's sideEffect");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}, \"descriptor\": {\"intent\": {\"tags\": [\"Not A Tag\"]}}}"),
        "capabilities[0].descriptor.intent.tags[0]");
    fails(
        file(SH, "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"a..b\"}}"),
        "capabilities[0].descriptor.intent.tags: is needed: the default tag mcp.files.a..b");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}, \"descriptorFile\": \"x.json\"}"),
        "capabilities[0].descriptorFile: is not allowed with an mcp handler");
    fails(
        file(
            SH,
            "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}},"
                + "{\"handler\": {\"type\": \"mcp\", \"server\": \"files\", \"tool\": \"t\"}}"),
        "capabilities[1]: capability id files.t is already used by capabilities[0]");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      many.append(i == 0 ? "" : ",").append("\"s").append(i).append("\": {\"command\": \"sh\"}");
    }
    fails(file(many.toString(), tool), "mcpServers: holds 17 servers; at most 16");
    fails("{\"mcpServers\": [], \"capabilities\": []}", "mcpServers: must be an object");
  }
}
