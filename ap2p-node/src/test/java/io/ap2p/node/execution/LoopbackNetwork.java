package io.ap2p.node.execution;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Real nodes on loopback for tests: a registry, providers and requesters, closed together. */
final class LoopbackNetwork implements AutoCloseable {

  static final SecureRandom RANDOM = new SecureRandom();

  final Path dir;
  final List<Node> nodes = new ArrayList<>();
  final Node registry;
  final Multiaddr registryAddr;

  LoopbackNetwork(Path dir) throws Exception {
    this.dir = dir;
    this.registry = start("registry", true, Optional.empty(), List.of(), ExecutionLimits.DEFAULTS);
    this.registryAddr = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
  }

  static Multiaddr loopback() {
    return Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  Node start(
      String name,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilitySpec> serve,
      ExecutionLimits limits)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(RANDOM),
                    List.of(loopback()),
                    List.of(),
                    serveRegistry,
                    registryPeer,
                    List.of(),
                    "ap2p-test",
                    Optional.of(dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(serve)
                .withExecution(limits),
            SystemClock.INSTANCE,
            line -> {});
    nodes.add(n);
    return n;
  }

  /** A provider serving {@code builtins}, registered with this network's registry. */
  Node provider(String name, String... builtins) throws Exception {
    List<CapabilitySpec> specs = new ArrayList<>();
    for (String b : builtins) {
      specs.add(CapabilitySpec.forBuiltin(b));
    }
    Node n = start(name, false, Optional.of(registryAddr), specs, ExecutionLimits.DEFAULTS);
    awaitDiscoverable(n);
    return n;
  }

  /** A node that only delegates. */
  Node requester(String name) throws Exception {
    return start(name, false, Optional.of(registryAddr), List.of(), ExecutionLimits.DEFAULTS);
  }

  static void awaitDiscoverable(Node n) {
    await(
        () ->
            n.provider().isPresent()
                && !n.provider().get().status().isEmpty()
                && n.provider().get().status().stream()
                    .allMatch(s -> s.discoverableAt(System.currentTimeMillis())),
        Duration.ofSeconds(10));
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
