package io.ap2p.node.persona;

import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.TaskClient;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Real nodes on loopback for persona tests: a registry, honest and persona providers, and a
 * requester that invokes one provider directly (as any peer can), closed together.
 */
final class PersonaNetwork implements AutoCloseable {

  static final SecureRandom RANDOM = new SecureRandom();

  final Path dir;
  final List<Runnable> closing = new ArrayList<>();
  final Node registry;
  final Multiaddr registryAddr;
  final Node requester;
  private final AtomicInteger tasks = new AtomicInteger();

  /** What a requester saw of one task. */
  record Seen(TaskClient.Outcome outcome, Bytes input, Bytes nonce, long sentAt, long receivedAt) {

    /** The completed result; fails the test otherwise. */
    TaskClient.Outcome.Completed completed() {
      if (outcome instanceof TaskClient.Outcome.Completed c) {
        return c;
      }
      throw new AssertionError("not completed: " + outcome);
    }
  }

  PersonaNetwork(Path dir) throws Exception {
    this.dir = dir;
    this.registry = start(options("registry", true, List.of()));
    this.registryAddr = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
    this.requester = start(options("requester", false, List.of()));
  }

  static Multiaddr loopback() {
    return Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  NodeOptions options(String name, boolean serveRegistry, List<String> builtins) {
    List<CapabilitySpec> specs = builtins.stream().map(CapabilitySpec::forBuiltin).toList();
    return new NodeOptions(
            PrivateKey.generate(RANDOM),
            List.of(loopback()),
            List.of(),
            serveRegistry,
            serveRegistry ? Optional.empty() : Optional.of(registryAddr),
            List.of(),
            "ap2p-test",
            Optional.of(dir.resolve(name)),
            NodeOptions.Discovery.REGISTRY,
            io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
        .serving(specs);
  }

  /** {@code o} playing {@code persona}. */
  static NodeOptions playing(NodeOptions o, Persona persona, PersonaOptions settings) {
    return o.withTrust(o.trust().withPersona(persona, settings));
  }

  Node start(NodeOptions o) throws Exception {
    Node n = Node.start(o, SystemClock.INSTANCE, line -> {});
    closing.add(n::close);
    return n;
  }

  /** An honest provider of {@code builtins}, discoverable. */
  Node honest(String name, String... builtins) throws Exception {
    Node n = start(options(name, false, List.of(builtins)));
    awaitDiscoverable(n);
    return n;
  }

  /** A provider of {@code builtins} playing {@code persona}, discoverable. */
  Node persona(String name, Persona persona, String... builtins) throws Exception {
    Node n =
        start(playing(options(name, false, List.of(builtins)), persona, PersonaOptions.DEFAULTS));
    awaitDiscoverable(n);
    return n;
  }

  /** The requester invokes {@code capability} of {@code provider} directly with {@code input}. */
  Seen invoke(
      PeerId provider,
      Multiaddr addr,
      String capability,
      String input,
      String mediaType,
      boolean receipt,
      Duration timeout)
      throws Exception {
    Connection c = requester.host().connect(addr.withPeerId(provider));
    Bytes in = Bytes.wrap(input.getBytes(StandardCharsets.UTF_8));
    byte[] n = new byte[16];
    RANDOM.nextBytes(n);
    Bytes nonce = Bytes.wrap(n);
    TaskMessage.Invoke inv =
        new TaskMessage.Invoke(
            "t" + tasks.incrementAndGet(),
            capability,
            0,
            mediaType,
            in.length(),
            timeout.toMillis(),
            nonce,
            receipt);
    long sent = System.currentTimeMillis();
    TaskClient.Outcome o =
        new TaskClient(TaskLimits.PROTOCOL).call(c, inv, in, timeout, (f, m) -> {});
    return new Seen(o, in, nonce, sent, System.currentTimeMillis());
  }

  /** Invokes {@code node} at its first listen address. */
  Seen invoke(Node node, String capability, String input, String mediaType, Duration timeout)
      throws Exception {
    return invoke(
        node.host().peerId(),
        node.host().listenAddrs().get(0),
        capability,
        input,
        mediaType,
        true,
        timeout);
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
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).run();
    }
  }
}
