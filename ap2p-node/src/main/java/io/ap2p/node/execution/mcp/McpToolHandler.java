package io.ap2p.node.execution.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.capability.HandlerSpec;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs invocations of one MCP tool: the input becomes the tool's arguments ({@link ToolInput}), the
 * call goes through the server's current session, the result becomes the output ({@link
 * ToolOutput}). While the server is down the task fails at once.
 */
final class McpToolHandler implements Handler {

  private final HandlerSpec.Mcp spec;
  private final Supplier<McpSession> session;
  private final JsonNode inputSchema;
  private final Trace trace;
  private final String version;

  /**
   * @param session the server's current session, or null while it is down
   * @param inputSchema the tool's input schema, as published
   * @param serverVersion the server's name and version, for the trace
   */
  McpToolHandler(
      HandlerSpec.Mcp spec,
      Supplier<McpSession> session,
      JsonNode inputSchema,
      String serverVersion) {
    this.spec = spec;
    this.session = session;
    this.inputSchema = inputSchema.deepCopy();
    this.trace =
        Trace.of(
            Trace.tool(
                clipBytes("mcp/" + spec.tool(), Trace.MAX_NAME),
                clipBytes(serverVersion, Trace.MAX_VERSION)));
    this.version = version(spec);
  }

  /**
   * {@code mcp/1 sha256:<hex>}: the SHA-256 of the server's command line (or URL) and the tool name
   * as canonical JSON; the environment, which may hold secrets, is left out.
   */
  static String version(HandlerSpec.Mcp spec) {
    Object server =
        spec.server().isStdio() ? spec.server().command() : spec.server().url().get().toString();
    Map<String, Object> what = Map.of("server", server, "tool", spec.tool());
    return "mcp/1 sha256:"
        + Digests.sha256(Jcs.canonicalize(Json.MAPPER.valueToTree(what))).toHex();
  }

  @Override
  public Output run(Invocation invocation, Progress progress, Cancellation cancellation)
      throws HandlerException {
    invocation.checkLive(cancellation);
    Map<String, Object> arguments = ToolInput.arguments(invocation, inputSchema);
    McpSession s = session.get();
    if (s == null) {
      throw HandlerException.failed("the MCP server " + spec.server().name() + " is not running");
    }
    McpSchema.CallToolResult result;
    try {
      result = s.call(spec, arguments, invocation, progress, cancellation);
    } catch (RuntimeException e) {
      throw HandlerException.failed("MCP call failed: " + McpSession.describe(e));
    }
    try {
      return ToolOutput.of(result, invocation.outputLimit(spec.maxOutputBytes()), trace);
    } catch (RuntimeException e) {
      throw HandlerException.failed("the tool's result is malformed: " + McpSession.describe(e));
    }
  }

  private static String clipBytes(String s, int maxBytes) {
    String out = s;
    while (out.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      out = out.substring(0, out.length() - 1);
    }
    return out.isEmpty() ? "mcp" : out;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "McpToolHandler[" + spec.server().name() + "/" + spec.tool() + "]";
  }
}
