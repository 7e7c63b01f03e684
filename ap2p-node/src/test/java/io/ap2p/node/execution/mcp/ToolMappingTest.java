package io.ap2p.node.execution.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Output;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs to arguments and results to outputs, with malformed and hostile results. */
class ToolMappingTest {

  static JsonNode schema(String json) throws Exception {
    return Json.parse(json.getBytes());
  }

  static McpSchema.CallToolResult result(List<McpSchema.Content> content, Boolean isError) {
    return new McpSchema.CallToolResult(content, isError, null, null);
  }

  static TaskErrorCode code(ThrowingRunnable r) {
    try {
      r.run();
      return null;
    } catch (HandlerException e) {
      return e.code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void inputsBecomeArguments() throws Exception {
    JsonNode one = schema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}");
    JsonNode two =
        schema("{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{\"type\":\"string\"}}}");
    assertThat(ToolInput.arguments(McpToolsTest.invocation("{\"a\": 1}", "", 1000), two))
        .isEqualTo(Map.of("a", 1));
    assertThat(ToolInput.arguments(McpToolsTest.invocation("plain words", "text/plain", 1000), one))
        .isEqualTo(Map.of("text", "plain words"));
    assertThat(
            code(
                () ->
                    ToolInput.arguments(McpToolsTest.invocation("plain", "text/plain", 1000), two)))
        .isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(code(() -> ToolInput.arguments(McpToolsTest.invocation("[1]", "", 1000), two)))
        .isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(code(() -> ToolInput.arguments(McpToolsTest.invocation("{\"a\":", "", 1000), one)))
        .isEqualTo(TaskErrorCode.BAD_INPUT);
    // deeper than the JSON limit: refused, not a stack overflow
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    assertThat(code(() -> ToolInput.arguments(McpToolsTest.invocation(deep, "", 1000), two)))
        .isEqualTo(TaskErrorCode.BAD_INPUT);
  }

  @Test
  void malformedAndHostileResultsFailTheTaskNotTheNode() {
    assertThat(
            code(
                () ->
                    ToolOutput.of(
                        result(
                            List.of(
                                new McpSchema.ImageContent(
                                    null, "!!not base64!!", "image/png", null)),
                            null),
                        1000,
                        Trace.EMPTY)))
        .isEqualTo(TaskErrorCode.FAILED);
    assertThat(code(() -> ToolOutput.of(result(List.of(), true), 1000, Trace.EMPTY)))
        .isEqualTo(TaskErrorCode.FAILED);
    List<McpSchema.Content> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(new McpSchema.TextContent(null, "y".repeat(100), null));
    }
    assertThat(code(() -> ToolOutput.of(result(many, null), 1000, Trace.EMPTY)))
        .isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
    // a long error is cut
    assertThatThrownBy(
            () ->
                ToolOutput.of(
                    result(
                        List.of(new McpSchema.TextContent(null, "e".repeat(100_000), null)), true),
                    1000,
                    Trace.EMPTY))
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(4200));
  }

  @Test
  void oddButValidResults() throws Exception {
    Output empty = ToolOutput.of(result(List.of(), null), 1000, Trace.EMPTY);
    assertThat(empty.mediaType()).isEqualTo("application/json");
    assertThat(empty.bytes().toUtf8()).isEqualTo("{\"content\":[]}");
    Output weirdType =
        ToolOutput.of(
            result(List.of(new McpSchema.ImageContent(null, "AAEC", "not a type\r\n", null)), null),
            1000,
            Trace.EMPTY);
    assertThat(weirdType.mediaType()).isEqualTo("application/octet-stream");
    assertThat(weirdType.bytes().toByteArray()).containsExactly(0, 1, 2);
  }
}
