package io.ap2p.node.demo;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.persona.Persona;
import io.ap2p.node.persona.PersonaOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real nodes on loopback, in this process: one registry, honest providers of the built-in {@code
 * image.generate} and {@code content.publish}, providers playing an adversary persona, and
 * requesters; all speak the real protocols over TCP (Noise, yamux) and close together.
 */
public final class LoopbackWorld implements AutoCloseable {

  /** The two skills of the paper's workflow. */
  public static final List<String> SKILLS = List.of("image.generate", "content.publish");

  private static final long JOIN_MILLIS = 15_000;

  private final SecureRandom random = new SecureRandom();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Node> honest = new ArrayList<>();
  private final List<Node> adversaries = new ArrayList<>();
  private final List<io.ap2p.node.persona.Whitewashing> whitewashers = new ArrayList<>();
  private final Multiaddr registry;

  private LoopbackWorld() throws IOException {
    Node r = start(options(true, Optional.empty(), List.of()));
    this.registry = r.host().listenAddrs().get(0).withPeerId(r.host().peerId());
  }

  /** A world with a registry and nothing else yet. */
  public static LoopbackWorld start() throws IOException {
    return new LoopbackWorld();
  }

  private static Multiaddr loopback() {
    return Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  private NodeOptions options(
      boolean serveRegistry, Optional<Multiaddr> registryPeer, List<String> skills) {
    List<CapabilitySpec> serve = new ArrayList<>();
    for (String s : skills) {
      serve.add(CapabilitySpec.forBuiltin(s));
    }
    return new NodeOptions(
            PrivateKey.generate(random),
            List.of(loopback()),
            List.of(),
            serveRegistry,
            registryPeer,
            List.of(),
            "ap2p-demo",
            Optional.empty(),
            NodeOptions.Discovery.REGISTRY,
            io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
        .serving(serve);
  }

  private Node start(NodeOptions o) throws IOException {
    Node n = Node.start(o, SystemClock.INSTANCE, line -> {});
    nodes.add(n);
    return n;
  }

  /** Adds {@code count} honest providers of {@code skills}; returns once they are discoverable. */
  public List<Node> addHonest(int count, List<String> skills) throws IOException {
    List<Node> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(start(options(false, Optional.of(registry), skills)));
    }
    awaitDiscoverable(added);
    honest.addAll(added);
    return added;
  }

  /**
   * Adds {@code count} providers of {@code skills} playing {@code persona} (for demos and tests
   * only); returns once they are discoverable.
   */
  public List<Node> addAdversaries(int count, List<String> skills, Persona persona)
      throws IOException {
    List<Node> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NodeOptions o =
          options(false, Optional.of(registry), skills)
              .withTrust(TrustOptions.DEFAULTS.withPersona(persona, PersonaOptions.DEFAULTS));
      if (persona == Persona.WHITEWASHER) {
        // rejoins under a fresh key every few tasks: its supervisor restarts the node
        io.ap2p.node.persona.Whitewashing w =
            io.ap2p.node.persona.Whitewashing.start(o, SystemClock.INSTANCE, line -> {}, n -> {});
        whitewashers.add(w);
        added.add(w.current());
      } else {
        added.add(start(o));
      }
    }
    awaitDiscoverable(added);
    adversaries.addAll(added);
    return added;
  }

  /** Stops every adversary, whitewashers included. */
  public void stopAdversaries() {
    for (Node n : List.copyOf(adversaries)) {
      stop(n);
    }
    whitewashers.forEach(io.ap2p.node.persona.Whitewashing::close);
    whitewashers.clear();
  }

  /** A new requester with a fresh key and no history (its reputation view starts empty). */
  public Node requester() throws IOException {
    return start(options(false, Optional.of(registry), List.of()));
  }

  /** Stops and forgets {@code n}. */
  public void stop(Node n) {
    if (nodes.remove(n)) {
      n.close();
    }
    honest.remove(n);
    adversaries.remove(n);
  }

  /** The peer ids the adversaries have had: those running now, and a whitewasher's earlier ones. */
  public List<PeerId> adversaryIds() {
    java.util.Set<PeerId> ids = new java.util.LinkedHashSet<>();
    adversaries.forEach(n -> ids.add(n.host().peerId()));
    whitewashers.forEach(w -> ids.addAll(w.identities()));
    return List.copyOf(ids);
  }

  /** Honest providers running now. */
  public int honestCount() {
    return honest.size();
  }

  /** Adversaries running now. */
  public int adversaryCount() {
    return adversaries.size();
  }

  /** The registry's address. */
  public Multiaddr registry() {
    return registry;
  }

  private static void awaitDiscoverable(List<Node> added) throws IOException {
    long end = System.currentTimeMillis() + JOIN_MILLIS;
    for (Node n : added) {
      while (!(n.provider().isPresent()
          && !n.provider().get().status().isEmpty()
          && n.provider().get().status().stream()
              .allMatch(s -> s.discoverableAt(System.currentTimeMillis())))) {
        if (System.currentTimeMillis() > end) {
          throw new IOException(
              "a provider was not discoverable at the registry within " + JOIN_MILLIS + " ms");
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while providers joined");
        }
      }
    }
  }

  @Override
  public void close() {
    whitewashers.forEach(io.ap2p.node.persona.Whitewashing::close);
    whitewashers.clear();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    nodes.clear();
  }
}
