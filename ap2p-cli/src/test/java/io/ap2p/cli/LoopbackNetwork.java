package io.ap2p.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.BuiltIns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Real nodes on loopback for CLI tests (after ap2p-node's test of the same name): a registry,
 * providers serving built-ins, requesters with a data directory (and so a local API), closed
 * together.
 */
final class LoopbackNetwork implements AutoCloseable {

  static final SecureRandom RANDOM = new SecureRandom();

  final Path dir;
  final List<Node> nodes = new ArrayList<>();
  final Node registry;
  final Multiaddr registryAddr;

  LoopbackNetwork(Path dir) throws Exception {
    this.dir = dir;
    this.registry = start("registry", true, List.of());
    this.registryAddr = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
  }

  /** The registry's address, as a flag value. */
  String registry() {
    return registryAddr.toString();
  }

  Node start(String name, boolean serveRegistry, List<CapabilitySpec> serve) throws Exception {
    return start(name, serveRegistry, serve, io.ap2p.node.TrustOptions.DEFAULTS);
  }

  /** A node with {@code trust} settings (attestor role, attestor peer, pinned attestors). */
  Node start(
      String name,
      boolean serveRegistry,
      List<CapabilitySpec> serve,
      io.ap2p.node.TrustOptions trust)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(RANDOM),
                    List.of(
                        Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                    List.of(),
                    serveRegistry,
                    serveRegistry ? Optional.empty() : Optional.of(registryAddr),
                    List.of(),
                    "ap2p-test",
                    Optional.of(dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(serve)
                .withTrust(trust),
            SystemClock.INSTANCE,
            line -> {});
    nodes.add(n);
    return n;
  }

  /** A provider serving {@code capabilities}, discoverable when this returns. */
  Node provider(String name, List<CapabilitySpec> capabilities) throws Exception {
    Node n = start(name, false, capabilities);
    await(
        () ->
            n.provider().isPresent()
                && n.provider().get().status().size() == capabilities.size()
                && n.provider().get().status().stream()
                    .allMatch(s -> s.discoverableAt(System.currentTimeMillis())),
        Duration.ofSeconds(10));
    return n;
  }

  /** A provider serving the built-ins {@code names}. */
  Node provider(String name, String... names) throws Exception {
    List<CapabilitySpec> specs = new ArrayList<>();
    for (String b : names) {
      specs.add(CapabilitySpec.forBuiltin(b));
    }
    return provider(name, specs);
  }

  /** A node that only delegates; its data directory holds api.json. */
  Node requester(String name) throws Exception {
    return start(name, false, List.of());
  }

  /**
   * A capabilities file (JSON text) with one exec capability, {@code slow-echo} (tag {@code
   * test.slow}): it reports progress 0.5, sleeps {@code seconds}, then echoes its input.
   */
  static String slowCapabilities(int seconds) throws Exception {
    ObjectNode t =
        (ObjectNode)
            Json.parse(BuiltIns.template("text.summarize").getBytes(StandardCharsets.UTF_8));
    t.put("id", "slow-echo");
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.put("name", "Slow echo");
    intent.putArray("tags").add("test.slow");
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode entry = root.putArray("capabilities").addObject();
    ObjectNode h = entry.putObject("handler");
    h.put("type", "exec");
    h.putArray("command")
        .add("sh")
        .add("-c")
        .add("echo 'progress 0.5 waiting' >&2; sleep " + seconds + "; cat");
    h.put("outputMediaType", "text/plain");
    entry.set("descriptor", t);
    return Json.pretty(root);
  }

  /** The slow capability of {@link #slowCapabilities}, read as a node would. */
  static CapabilitySpec slow(int seconds) throws Exception {
    return CapabilitiesFile.parse(
            Bytes.wrap(slowCapabilities(seconds).getBytes(StandardCharsets.UTF_8)),
            Path.of("").toAbsolutePath())
        .get(0);
  }

  static void await(BooleanSupplier condition, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
