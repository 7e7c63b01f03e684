package io.ap2p.node.execution.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link McpTools} against real MCP servers built with the SDK's server API: one over stdio in its
 * own JVM, one over Streamable HTTP on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class McpToolsTest {

  @TempDir static Path dir;
  Server http;
  McpTools tools;
  final Map<String, Handler> offered = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> templates = new ConcurrentHashMap<>();
  final List<String> withdrawn = new CopyOnWriteArrayList<>();
  final List<String> log = new CopyOnWriteArrayList<>();
  Path received;

  /** The capabilities file's server entry running {@link TestMcpServer} over stdio. */
  public static String stdioServer(Path dir, Path received) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path args = dir.resolve("java-args");
    Files.writeString(args, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    return """
        {"command": "%s", "args": ["-Xshare:auto", "-XX:TieredStopAtLevel=1", "@%s",
         "io.ap2p.node.execution.mcp.TestMcpServer", "%s"],
         "env": {"AP2P_TEST_SECRET": "s3cret"}, "maxConcurrent": 2, "startTimeoutMs": 120000}"""
        .formatted(java, args, received);
  }

  @BeforeAll
  void start() throws Exception {
    http = TestMcpServer.http();
    int port = ((ServerConnector) http.getConnectors()[0]).getLocalPort();
    received = dir.resolve("received.log");
    String file =
        """
        {"mcpServers": {"java": %s, "web": {"url": "http://127.0.0.1:%d/mcp"}, "junk": %s},
         "capabilities": [
          {"handler": {"type": "mcp", "server": "java", "tool": "echo", "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["text.echo"]}}},
          {"handler": {"type": "mcp", "server": "java", "tool": "add", "sideEffect": "none"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "slow"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "wait"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "fail"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "huge", "maxOutputBytes": 1000}},
          {"handler": {"type": "mcp", "server": "java", "tool": "image"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "secret"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "missing"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "grow"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "shrink"}},
          {"handler": {"type": "mcp", "server": "java", "tool": "late"}},
          {"handler": {"type": "mcp", "server": "web", "tool": "echo"}},
          {"handler": {"type": "mcp", "server": "junk", "tool": "garbage"}},
          {"handler": {"type": "mcp", "server": "junk", "tool": "echo"}},
          {"handler": {"type": "mcp", "server": "web", "tool": "slow"}}]}"""
            .formatted(stdioServer(dir, received), port, stdioServer(dir, dir.resolve("junk.log")));
    List<CapabilitySpec> specs =
        CapabilitiesFile.parse(Bytes.wrap(file.getBytes(StandardCharsets.UTF_8)), dir);
    tools =
        McpTools.start(
            specs,
            dir,
            new McpTools.Offers() {
              @Override
              public void offer(ObjectNode template, Handler handler) {
                templates.put(template.get("id").asText(), template);
                offered.put(template.get("id").asText(), handler);
              }

              @Override
              public void withdraw(String capabilityId) {
                withdrawn.add(capabilityId);
                offered.remove(capabilityId);
              }
            },
            new McpTools.Timing(
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(1)),
            log::add);
  }

  @AfterAll
  void stop() throws Exception {
    tools.close();
    http.stop();
  }

  static Invocation invocation(String input, String mediaType, long timeoutMs) {
    return new Invocation(
        Long.toHexString(System.nanoTime()),
        "12D3KooWTestRequester",
        Bytes.wrap(input.getBytes(StandardCharsets.UTF_8)),
        mediaType,
        SystemClock.INSTANCE.millis() + timeoutMs,
        1 << 20,
        SystemClock.INSTANCE);
  }

  Output run(String id, String input) throws HandlerException {
    return offered
        .get(id)
        .run(invocation(input, "application/json", 10_000), (f, m) -> {}, new Cancellation());
  }

  @Test
  void theServersToolsArePublishedAsTheyDescribeThemselves() {
    assertThat(offered.keySet())
        .contains("java.echo", "java.add", "java.slow", "java.fail", "web.echo", "web.slow")
        .doesNotContain("java.missing");
    assertThat(log)
        .anyMatch(
            l ->
                l.contains(
                    "not offering java.missing: tool missing is not offered by mcp server java (it offers: add, echo, fail, garbage, grow, huge, image, secret, shrink, slow, wait)"));
    ObjectNode echo = templates.get("java.echo");
    assertThat(echo.at("/intent/name").asText()).isEqualTo("Echo");
    assertThat(echo.at("/intent/description").asText()).isEqualTo("Echoes the text it is given.");
    assertThat(echo.at("/intent/tags/0").asText()).isEqualTo("text.echo");
    assertThat(echo.at("/io/input/properties/text/type").asText()).isEqualTo("string");
    assertThat(echo.at("/state/version").asText()).isEqualTo("mcp ap2p-test-server 1.2.3");
    assertThat(echo.at("/constraints/sideEffect").asText()).isEqualTo("none");
    assertThat(templates.get("java.add").at("/io/output/properties/sum/type").asText())
        .isEqualTo("number");
    assertThat(templates.get("java.slow").at("/constraints/sideEffect").asText())
        .isEqualTo("irreversible");
    assertThat(templates.get("web.echo").at("/state/version").asText())
        .isEqualTo("mcp ap2p-test-http-server 2.0.0");
  }

  @Test
  void resultsBecomeOutputsWithTheirMediaTypes() throws Exception {
    Output echo = run("java.echo", "{\"text\": \"hello\"}");
    assertThat(echo.bytes().toUtf8()).isEqualTo("echo: hello");
    assertThat(echo.mediaType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(offered.get("java.echo").version()).startsWith("mcp/1 sha256:");
    // plain text goes to the only string argument
    Output text =
        offered
            .get("web.echo")
            .run(invocation("hi there", "text/plain", 10_000), (f, m) -> {}, new Cancellation());
    assertThat(text.bytes().toUtf8()).isEqualTo("echo: hi there");
    Output sum = run("java.add", "{\"a\": 2, \"b\": 3}");
    assertThat(sum.mediaType()).isEqualTo("application/json");
    assertThat(sum.bytes().toUtf8()).isEqualTo("{\"sum\":5.0}");
    Output png = run("java.image", "{}");
    assertThat(png.mediaType()).isEqualTo("image/png");
    assertThat(png.bytes().toByteArray()).isEqualTo(TestMcpServer.PNG);
    // the server's environment is the configured one, not the node's
    assertThat(run("java.secret", "{}").bytes().toUtf8()).isEqualTo("secret=s3cret token=null");
  }

  @Test
  void toolErrorsBadInputAndOversizedResultsFailTheTask() {
    assertThatThrownBy(() -> run("java.fail", "{}"))
        .isInstanceOfSatisfying(
            HandlerException.class, e -> assertThat(e.code()).isEqualTo(TaskErrorCode.FAILED))
        .hasMessageContaining("tool error: it broke: the disk is full");
    assertThatThrownBy(() -> run("java.huge", "{\"bytes\": 5000}"))
        .isInstanceOfSatisfying(
            HandlerException.class,
            e -> assertThat(e.code()).isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE));
    assertThatThrownBy(() -> run("java.echo", "{not json"))
        .isInstanceOfSatisfying(
            HandlerException.class, e -> assertThat(e.code()).isEqualTo(TaskErrorCode.BAD_INPUT));
    assertThatThrownBy(() -> run("java.add", "[1, 2]"))
        .isInstanceOfSatisfying(
            HandlerException.class, e -> assertThat(e.code()).isEqualTo(TaskErrorCode.BAD_INPUT));
    // arguments the server refuses: its error is the message
    assertThatThrownBy(() -> run("java.add", "{\"a\": \"x\"}"))
        .isInstanceOf(HandlerException.class);
  }

  @Test
  void progressIsForwardedOverBothTransports() throws Exception {
    for (String id : List.of("java.slow", "web.slow")) {
      List<String> reports = new CopyOnWriteArrayList<>();
      Output out =
          offered
              .get(id)
              .run(
                  invocation("{}", "application/json", 10_000),
                  (f, m) -> reports.add(f + " " + m),
                  new Cancellation());
      assertThat(out.bytes().toUtf8()).isEqualTo("done slowly");
      await(() -> reports.size() == 4, Duration.ofSeconds(2));
      assertThat(reports).containsExactly("0.25 step 1", "0.5 step 2", "0.75 step 3", "1.0 step 4");
    }
  }

  @Test
  void aServerThatSpoilsItsStdoutIsRestartedAndTheNodeCarriesOn() throws Exception {
    long before = tools.pid("junk").orElseThrow();
    assertThat(run("junk.echo", "{\"text\": \"a\"}").bytes().toUtf8()).isEqualTo("echo: a");
    assertThatThrownBy(
            () ->
                offered
                    .get("junk.garbage")
                    .run(invocation("{}", "", 3000), (f, m) -> {}, new Cancellation()))
        .isInstanceOf(HandlerException.class);
    await(
        () ->
            tools.pid("junk").map(p -> p != before).orElse(false)
                && offered.containsKey("junk.echo"),
        Duration.ofSeconds(30));
    assertThat(log).anyMatch(l -> l.contains("mcp server junk stopped answering"));
    assertThat(run("junk.echo", "{\"text\": \"b\"}").bytes().toUtf8()).isEqualTo("echo: b");
  }

  @Test
  void aChangedToolListIsPublishedAgain() throws Exception {
    assertThat(offered).doesNotContainKey("java.late");
    assertThat(run("java.grow", "{}").bytes().toUtf8()).isEqualTo("grown");
    await(() -> offered.containsKey("java.late"), Duration.ofSeconds(10));
    assertThat(run("java.late", "{}").bytes().toUtf8()).isEqualTo("late here");
    assertThat(templates.get("java.late").at("/intent/description").asText())
        .isEqualTo("A tool added later.");
    run("java.shrink", "{}");
    await(() -> !offered.containsKey("java.late"), Duration.ofSeconds(10));
    assertThat(withdrawn).contains("java.late");
    assertThat(offered).containsKey("java.echo");
  }

  @Test
  void cancelAndDeadlineReachTheServerAsNotificationsCancelled() throws Exception {
    Cancellation c = new Cancellation();
    Thread.ofVirtual()
        .start(
            () -> {
              sleep(300);
              c.cancel();
            });
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () -> offered.get("java.wait").run(invocation("{}", "", 20_000), (f, m) -> {}, c))
        .isInstanceOfSatisfying(
            HandlerException.class, e -> assertThat(e.code()).isEqualTo(TaskErrorCode.CANCELLED));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    await(() -> read(received).contains("notifications/cancelled"), Duration.ofSeconds(5));
    assertThat(read(received)).contains("cancelled by the requester");
    assertThatThrownBy(
            () ->
                offered
                    .get("java.wait")
                    .run(invocation("{}", "", 400), (f, m) -> {}, new Cancellation()))
        .isInstanceOfSatisfying(
            HandlerException.class,
            e -> assertThat(e.code()).isEqualTo(TaskErrorCode.DEADLINE_EXCEEDED));
    await(() -> read(received).contains("deadline passed"), Duration.ofSeconds(5));
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  static void await(BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + timeout);
      }
      sleep(20);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
