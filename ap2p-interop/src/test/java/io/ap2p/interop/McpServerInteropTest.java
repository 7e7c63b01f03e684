package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.TaskRun;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP server from npm, {@code @modelcontextprotocol/server-everything} 2026.8.31
 * (ap2p-interop/js-mcp-server, pinned in its lockfile; built on the MCP TypeScript SDK 1.32.2),
 * offered to the network by a node's {@code mcp} handler and invoked by another node over the task
 * protocol on loopback: over stdio (the node starts the server) and over Streamable HTTP (the
 * server runs on its own and the node connects to its URL). Echo, a sum, progress from a
 * long-running tool, an image result.
 */
@Tag("interop")
class McpServerInteropTest {

  static final Path DIR = JsPeer.project("js-mcp-server");
  static final Path SERVER =
      DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

  @TempDir static Path tmp;
  static final List<Node> nodes = new ArrayList<>();
  static final List<String> log = new CopyOnWriteArrayList<>();
  static Process httpServer;
  static Node provider;
  static Node requester;

  static Multiaddr loopback() {
    return Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  static Node start(String name, boolean registry, Optional<Multiaddr> peer, List<CapabilitySpec> s)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(new SecureRandom()),
                    List.of(loopback()),
                    List.of(),
                    registry,
                    peer,
                    List.of(),
                    "ap2p-interop",
                    Optional.of(tmp.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(s),
            SystemClock.INSTANCE,
            log::add);
    nodes.add(n);
    return n;
  }

  @BeforeAll
  static void network() throws Exception {
    JsPeer.installDependencies(DIR);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(JsPeer.node(), SERVER.toString(), "streamableHttp")
            .directory(DIR.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", Integer.toString(port));
    httpServer = pb.start();
    BufferedReader err =
        new BufferedReader(
            new InputStreamReader(httpServer.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null && !line.contains("listening on port")) {
      // wait until it listens
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                err.transferTo(java.io.Writer.nullWriter());
              } catch (java.io.IOException e) {
                // it ended
              }
            });
    String file =
        """
        {"mcpServers": {
           "everything": {"command": "%s", "args": ["%s", "stdio"], "startTimeoutMs": 60000},
           "web": {"url": "http://127.0.0.1:%d/mcp"}},
         "capabilities": [
          {"handler": {"type": "mcp", "server": "everything", "tool": "echo", "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["text.echo"]}}},
          {"handler": {"type": "mcp", "server": "everything", "tool": "get-sum",
                       "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["math.sum"]}}},
          {"handler": {"type": "mcp", "server": "everything",
                       "tool": "trigger-long-running-operation", "sideEffect": "none"},
           "descriptor": {"id": "long-op", "intent": {"tags": ["test.long"]}}},
          {"handler": {"type": "mcp", "server": "everything", "tool": "get-tiny-image",
                       "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["image.tiny"]}}},
          {"handler": {"type": "mcp", "server": "web", "tool": "echo", "sideEffect": "none"},
           "descriptor": {"intent": {"tags": ["text.echo-web"]}}}]}"""
            .formatted(JsPeer.node(), SERVER, port);
    List<CapabilitySpec> specs =
        CapabilitiesFile.parse(Bytes.wrap(file.getBytes(StandardCharsets.UTF_8)), tmp);
    Node registry = start("registry", true, Optional.empty(), List.of());
    Multiaddr reg = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
    provider = start("provider", false, Optional.of(reg), specs);
    requester = start("requester", false, Optional.of(reg), List.of());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (provider.provider().get().status().size() < 5
        || !provider.provider().get().status().stream()
            .allMatch(s -> s.discoverableAt(System.currentTimeMillis()))) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not published: " + provider.provider().get().status() + log);
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    if (httpServer != null) {
      httpServer.destroyForcibly();
    }
  }

  static TaskRun.Snapshot run(String tag, String json) throws Exception {
    return requester
        .workflows()
        .start(
            WorkflowSpec.single(
                new Step("call", new CapabilityTag(tag), RiskClass.LOW, 30_000, List.of()),
                Bytes.wrap(json.getBytes(StandardCharsets.UTF_8)),
                "application/json"),
            "invoke")
        .done()
        .get(60, TimeUnit.SECONDS);
  }

  static String output(TaskRun.Snapshot s) {
    assertThat(s.state()).as(s.detail() + " " + s.steps()).isEqualTo(TaskRun.State.SUCCEEDED);
    return s.steps().get(0).output().orElseThrow().toUtf8();
  }

  @Test
  void theNpmServersToolsArePublishedAsItDescribesThem() {
    var status = provider.provider().get().status();
    assertThat(status)
        .extracting(s -> s.capabilityId())
        .containsExactlyInAnyOrder(
            "everything.echo",
            "everything.get-sum",
            "long-op",
            "everything.get-tiny-image",
            "web.echo");
    var echo = provider.tasks().capabilities().get("everything.echo").template();
    assertThat(echo.intent().name()).isEqualTo("Echo Tool");
    assertThat(echo.intent().description()).contains("Echoes back the input string");
    assertThat(echo.io().input().canonical()).contains("\"message\"");
    assertThat(echo.state().version()).startsWith("mcp ");
  }

  @Test
  void anotherNodeInvokesThemOverStdioAndStreamableHttp() throws Exception {
    assertThat(output(run("text.echo", "{\"message\": \"hello from ap2p\"}")))
        .isEqualTo("Echo: hello from ap2p");
    assertThat(output(run("text.echo-web", "{\"message\": \"over http\"}")))
        .isEqualTo("Echo: over http");
    assertThat(output(run("math.sum", "{\"a\": 2, \"b\": 3}"))).contains("is 5");
    TaskRun.Snapshot image = run("image.tiny", "{}");
    assertThat(output(image)).contains("image/png");
    assertThat(image.steps().get(0).mediaType()).isEqualTo("application/json");
  }

  @Test
  void progressOfALongRunningToolReachesTheRequester() throws Exception {
    TaskRun.Snapshot s = run("test.long", "{\"duration\": 1, \"steps\": 2}");
    assertThat(output(s)).contains("completed");
    assertThat(s.steps().get(0).progress()).isEqualTo(1.0);
  }
}
