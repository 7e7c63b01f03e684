package io.ap2p.node.execution.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real MCP server for tests, built with the MCP Java SDK's server API: over stdio as its own
 * process ({@code main}), or over Streamable HTTP on loopback ({@link #http}). Tools: {@code echo},
 * {@code add} (structured), {@code slow} (progress), {@code wait} (sleeps until cancelled), {@code
 * fail} ({@code isError}), {@code huge} (a long text), {@code image} (a PNG), {@code secret} (an
 * environment variable).
 */
public final class TestMcpServer {

  /** A 1x1 PNG. */
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  /** The stdio server, for the tools that change the tool list. */
  private static volatile McpSyncServer self;

  /** The real stdout of the stdio server, for the tool that writes junk on it. */
  private static volatile OutputStream rawOut;

  private TestMcpServer() {}

  /**
   * Runs over stdio. Arguments: {@code [LOG]}: every line received is appended to LOG, so a test
   * can see what the client sent (a {@code notifications/cancelled}, say).
   */
  public static void main(String[] args) throws Exception {
    McpJsonMapper mapper = McpJsonDefaults.getMapper();
    InputStream in = System.in;
    if (args.length > 0) {
      in = new Recording(System.in, Path.of(args[0]));
    }
    OutputStream out = System.out;
    rawOut = out;
    System.setOut(System.err); // stdout carries MCP only
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(mapper, in, out))
            .serverInfo("ap2p-test-server", "1.2.3")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .tools(tools())
            .build();
    self = server;
    System.err.println("test server up");
    Thread.currentThread().join();
    server.close();
  }

  /** A server over Streamable HTTP at {@code http://127.0.0.1:PORT/mcp}; close it when done. */
  public static Server http() throws Exception {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint("/mcp")
            .build();
    McpServer.sync(transport)
        .serverInfo("ap2p-test-http-server", "2.0.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(tools())
        .build();
    Server jetty = new Server();
    ServerConnector c = new ServerConnector(jetty);
    c.setHost("127.0.0.1");
    c.setPort(0);
    jetty.addConnector(c);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addServlet(new ServletHolder(transport), "/*");
    jetty.setHandler(ctx);
    jetty.start();
    return jetty;
  }

  static List<SyncToolSpecification> tools() {
    McpJsonMapper m = McpJsonDefaults.getMapper();
    return List.of(
        tool(
            McpSchema.Tool.builder(
                    "echo",
                    m,
                    "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
                        + "\"required\":[\"text\"]}")
                .title("Echo")
                .description("Echoes the text it is given.")
                .build(),
            (ex, req) -> text("echo: " + req.arguments().get("text"))),
        tool(
            McpSchema.Tool.builder(
                    "add",
                    m,
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                        + "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}")
                .description("Adds two numbers.")
                .outputSchema(
                    m,
                    "{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"number\"}},"
                        + "\"required\":[\"sum\"]}")
                .build(),
            (ex, req) -> {
              double a = ((Number) req.arguments().get("a")).doubleValue();
              double b = ((Number) req.arguments().get("b")).doubleValue();
              return McpSchema.CallToolResult.builder()
                  .structuredContent(Map.of("sum", a + b))
                  .addTextContent("{\"sum\":" + (a + b) + "}")
                  .build();
            }),
        tool(
            simple(m, "slow", "Takes its time and says how far it got."),
            (ex, req) -> {
              Object token = req.progressToken();
              for (int i = 1; i <= 4; i++) {
                sleep(150);
                if (token != null) {
                  ex.progressNotification(
                      new McpSchema.ProgressNotification(
                          token, (double) i, 4.0, "step " + i, null));
                }
              }
              return text("done slowly");
            }),
        tool(
            simple(m, "wait", "Sleeps for a minute."),
            (ex, req) -> {
              sleep(60_000);
              return text("woke up");
            }),
        tool(
            simple(m, "fail", "Always fails."),
            (ex, req) ->
                McpSchema.CallToolResult.builder()
                    .addTextContent("it broke: the disk is full")
                    .isError(true)
                    .build()),
        tool(
            McpSchema.Tool.builder(
                    "huge",
                    m,
                    "{\"type\":\"object\",\"properties\":{\"bytes\":{\"type\":\"integer\"}}}")
                .description("Returns as many bytes as asked.")
                .build(),
            (ex, req) -> text("x".repeat(((Number) req.arguments().get("bytes")).intValue()))),
        tool(
            simple(m, "image", "A tiny PNG."),
            (ex, req) ->
                McpSchema.CallToolResult.builder()
                    .content(
                        List.of(
                            new McpSchema.ImageContent(
                                null, Base64.getEncoder().encodeToString(PNG), "image/png", null)))
                    .build()),
        tool(
            simple(m, "garbage", "Writes a line that is not JSON-RPC on stdout."),
            (ex, req) -> {
              try {
                rawOut.write("this is not JSON-RPC {{{\n".getBytes(StandardCharsets.UTF_8));
                rawOut.flush();
              } catch (IOException | RuntimeException e) {
                // over HTTP there is no stdout to spoil
              }
              return text("spoiled");
            }),
        tool(
            simple(m, "grow", "Adds the tool 'late' (the list changes)."),
            (ex, req) -> {
              self.addTool(
                  tool(simple(m, "late", "A tool added later."), (e2, r2) -> text("late here")));
              self.notifyToolsListChanged();
              return text("grown");
            }),
        tool(
            simple(m, "shrink", "Removes the tool 'late'."),
            (ex, req) -> {
              self.removeTool("late");
              self.notifyToolsListChanged();
              return text("shrunk");
            }),
        tool(
            simple(m, "secret", "Says whether AP2P_TEST_SECRET and HOME are set."),
            (ex, req) ->
                text(
                    "secret="
                        + System.getenv("AP2P_TEST_SECRET")
                        + " token="
                        + System.getenv("AP2P_NODE_TOKEN"))));
  }

  private static McpSchema.Tool simple(McpJsonMapper m, String name, String description) {
    return McpSchema.Tool.builder(name, m, "{\"type\":\"object\",\"properties\":{}}")
        .description(description)
        .build();
  }

  private static SyncToolSpecification tool(
      McpSchema.Tool t,
      java.util.function.BiFunction<
              io.modelcontextprotocol.server.McpSyncServerExchange,
              McpSchema.CallToolRequest,
              McpSchema.CallToolResult>
          f) {
    return SyncToolSpecification.builder().tool(t).callHandler(f).build();
  }

  private static McpSchema.CallToolResult text(String s) {
    return McpSchema.CallToolResult.builder().addTextContent(s).build();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Appends what it reads to a file. */
  private static final class Recording extends FilterInputStream {
    private final Path log;

    Recording(InputStream in, Path log) {
      super(in);
      this.log = log;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        Files.write(
            log, new byte[] {(byte) b}, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        Files.write(
            log,
            new String(b, off, n, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
      return n;
    }
  }
}
