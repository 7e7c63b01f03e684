package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.TaskRun;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk}, pinned in
 * js-mcp-client/package-lock.json) as a client of {@code ap2p mcp serve}, over stdio (the sdk
 * starts the server) and Streamable HTTP, on a loopback network: a registry, a provider of the
 * built-in {@code image.generate} and a slow exec capability, and a requester whose API the server
 * delegates through. The client lists the tools, finds the image skill, gets a PNG with progress,
 * and aborts a slow call; the requester's run of that call ends CANCELLED.
 */
@Tag("interop")
class McpClientInteropTest {

  static final Path DIR = JsPeer.project("js-mcp-client");

  @TempDir static Path tmp;
  static Node registry;
  static Node provider;
  static Node requester;

  @BeforeAll
  static void start() throws Exception {
    JsPeer.installDependencies(DIR);
    CapabilitySpec slow =
        CapabilitySpec.parseEntry(
            """
            {"handler": {"type": "exec", "outputMediaType": "text/plain",
                         "command": ["sh", "-c", "echo 'progress 0.5 waiting' >&2; sleep 30; cat"]},
             "descriptor": {"schema": "ap2p/descriptor/1", "id": "slow-echo", "ttlSeconds": 60,
               "intent": {"name": "Slow echo", "description": "Echoes after 30 s.",
                          "tags": ["test.slow"], "examples": []},
               "io": {"input": {"type": "string"}, "output": {"type": "string"}},
               "constraints": {"maxInputBytes": 1024, "deadlineMs": 60000, "sideEffect": "none"},
               "state": {"version": "slow 1"},
               "verification": {"canaries": false, "receipts": false, "attestation": false,
                                "attestors": []}}}
            """,
            tmp);
    registry = node(true, Optional.empty(), Optional.empty()).start();
    Multiaddr addr = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
    provider =
        node(false, Optional.of(addr), Optional.of(tmp.resolve("provider")))
            .serving(List.of(CapabilitySpec.forBuiltin("image.generate"), slow))
            .start();
    requester = node(false, Optional.of(addr), Optional.of(tmp.resolve("requester"))).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!discoverable() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertThat(discoverable()).as("the provider's descriptors are discoverable").isTrue();
  }

  static boolean discoverable() {
    return provider.provider().isPresent()
        && provider.provider().get().status().size() == 2
        && provider.provider().get().status().stream()
            .allMatch(s -> s.discoverableAt(System.currentTimeMillis()));
  }

  /** Node options, then start. */
  record Options(NodeOptions options) {
    Options serving(List<CapabilitySpec> specs) {
      return new Options(options.serving(specs));
    }

    Node start() throws Exception {
      return Node.start(options, SystemClock.INSTANCE, line -> {});
    }
  }

  static Options node(
      boolean serveRegistry, Optional<Multiaddr> registryPeer, Optional<Path> data) {
    return new Options(
        new NodeOptions(
            PrivateKey.generate(new SecureRandom()),
            List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
            List.of(),
            serveRegistry,
            registryPeer,
            List.of(),
            "ap2p-interop",
            data,
            NodeOptions.Discovery.REGISTRY,
            io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL));
  }

  @AfterAll
  static void stop() {
    for (Node n : new Node[] {requester, provider, registry}) {
      if (n != null) {
        n.close();
      }
    }
  }

  /** {@code java … io.ap2p.cli.Main mcp serve ARGS} with this test's class path. */
  static List<String> serve(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.ap2p.cli.Main",
                "mcp",
                "serve",
                "--node",
                tmp.resolve("requester").toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs {@code node client.mjs KIND CONFIG} and returns its JSON line. */
  static JsonNode js(String kind, JsonNode config) throws Exception {
    Process p =
        new ProcessBuilder(JsPeer.node(), "client.mjs", kind, config.toString())
            .directory(DIR.toFile())
            .redirectError(tmp.resolve(kind + ".err").toFile())
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("client.mjs ended").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text + Files.readString(tmp.resolve(kind + ".err"))).isZero();
    return Json.MAPPER.readTree(text);
  }

  static void check(JsonNode r) throws Exception {
    assertThat(r.path("server").path("name").asText()).isEqualTo("ap2p");
    assertThat(r.path("tools").toString())
        .isEqualTo("[\"find_capabilities\",\"invoke_capability\",\"run_workflow\",\"trust_of\"]");
    assertThat(r.path("found").path(0).path("tags").toString())
        .as(r.toString())
        .contains("image.generate");
    assertThat(r.path("found").path(0).path("why").asText()).startsWith("score");
    JsonNode image = r.path("image");
    assertThat(image.path("isError").asBoolean()).isFalse();
    assertThat(image.path("mimeType").asText()).isEqualTo("image/png");
    assertThat(image.path("magic").asText()).isEqualTo("89504e47");
    assertThat(image.path("bytes").asInt()).isGreaterThan(100);
    List<Double> progress = new ArrayList<>();
    r.path("progress").forEach(p -> progress.add(p.asDouble()));
    assertThat(progress).hasSizeGreaterThanOrEqualTo(2).isSorted().doesNotHaveDuplicates();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(1.0);
    JsonNode cancel = r.path("cancel");
    assertThat(cancel.path("aborted").asBoolean()).as(cancel.toString()).isTrue();
    String task = cancel.path("task").asText();
    assertThat(task).isNotEmpty();
    // the requester's run of the aborted call: cancelled, well before the provider's 30 s
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    TaskRun.State state = null;
    while (System.nanoTime() < end) {
      state = requester.workflows().get(task).orElseThrow().snapshot().state();
      if (state == TaskRun.State.CANCELLED) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(state).isEqualTo(TaskRun.State.CANCELLED);
  }

  @Test
  void theTypeScriptSdkUsesTheNetworkOverStdio() throws Exception {
    List<String> cmd = serve();
    ObjectNode config = Json.MAPPER.createObjectNode().put("command", cmd.get(0));
    ArrayNode args = config.putArray("args");
    cmd.subList(1, cmd.size()).forEach(args::add);
    check(js("stdio", config));
  }

  @Test
  void theTypeScriptSdkUsesTheNetworkOverStreamableHttp() throws Exception {
    Path token = tmp.resolve("token");
    Process server =
        new ProcessBuilder(serve("--http", "127.0.0.1:0", "--token-file", token.toString()))
            .redirectOutput(tmp.resolve("http.out").toFile())
            .start();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      Pattern at = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/mcp)");
      String url = null;
      String line;
      while (url == null && (line = err.readLine()) != null) {
        Matcher m = at.matcher(line);
        if (m.find()) {
          url = m.group(1);
        }
      }
      assertThat(url).as("the server's address on stderr").isNotNull();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  err.transferTo(java.io.Writer.nullWriter());
                } catch (java.io.IOException ignored) {
                  // gone
                }
              });
      check(
          js(
              "http",
              Json.MAPPER
                  .createObjectNode()
                  .put("url", url)
                  .put("token", Files.readString(token).strip())));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
