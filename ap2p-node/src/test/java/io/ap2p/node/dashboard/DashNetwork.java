package io.ap2p.node.dashboard;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A registry, providers and requesters on loopback, each with a data directory (so an API). */
final class DashNetwork implements AutoCloseable {

  final Path dir;
  final List<Node> nodes = new ArrayList<>();
  final Node registry;
  final Multiaddr registryAddr;

  DashNetwork(Path dir) throws Exception {
    this.dir = dir;
    this.registry = start("registry", true, Optional.empty(), List.of());
    this.registryAddr = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
  }

  Node start(String name, boolean serveRegistry, Optional<Multiaddr> peer, List<CapabilitySpec> s)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(new SecureRandom()),
                    List.of(
                        Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
                    List.of(),
                    serveRegistry,
                    peer,
                    List.of(),
                    "ap2p-test",
                    Optional.of(dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(s),
            SystemClock.INSTANCE,
            line -> {});
    nodes.add(n);
    return n;
  }

  /** A provider of text.summarize, image.generate and {@code extra}, discoverable. */
  Node provider(String name, CapabilitySpec extra) throws Exception {
    Node n =
        start(
            name,
            false,
            Optional.of(registryAddr),
            List.of(
                CapabilitySpec.forBuiltin("text.summarize"),
                CapabilitySpec.forBuiltin("image.generate"),
                extra));
    long end = System.nanoTime() + 20_000_000_000L;
    while (!(n.provider().isPresent()
        && n.provider().get().status().size() == 3
        && n.provider().get().status().stream()
            .allMatch(st -> st.discoverableAt(System.currentTimeMillis())))) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the provider's capabilities did not become discoverable");
      }
      Thread.sleep(50);
    }
    return n;
  }

  Node requester(String name) throws Exception {
    return start(name, false, Optional.of(registryAddr), List.of());
  }

  /** An exec capability (tag test.echo, id xss-echo) with a peer-chosen name and description. */
  static CapabilitySpec echo(Path base, String name, String description) throws Exception {
    String entry =
        """
        {"handler": {"type": "exec", "command": ["cat"]},
         "descriptor": {"schema": "ap2p/descriptor/1", "id": "xss-echo", "ttlSeconds": 60,
           "intent": {"name": NAME, "description": DESC, "tags": ["test.echo"], "examples": []},
           "io": {"input": {"type": "string"}, "output": {"type": "string"}},
           "constraints": {"maxInputBytes": 1024, "deadlineMs": 10000, "sideEffect": "none"},
           "state": {"version": "cat"},
           "verification": {"canaries": false, "receipts": false, "attestation": false,
                            "attestors": []}}}
        """
            .replace("NAME", Json.MAPPER.writeValueAsString(name))
            .replace("DESC", Json.MAPPER.writeValueAsString(description));
    return CapabilitySpec.parseEntry(entry, base);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
