package io.ap2p.cli.execution;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.NodeApiClient;
import io.ap2p.cli.Version;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.discovery.DhtService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a delegating command reaches providers: a registry, the DHT, or a running node ({@code --node
 * DIR}, whose own discovery is used). Without {@code --node} a transient node with a fresh key is
 * started in-process and closed when the command ends.
 */
public final class DelegationOptions {

  /** How long a transient DHT node waits for its first DHT peer. */
  static final long DHT_JOIN_MILLIS = 10_000;

  @Option(
      names = "--registry-peer",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "The registry to find providers in (ending in /p2p/<peer id>).")
  Multiaddr registryPeer;

  @Option(
      names = "--discovery",
      paramLabel = "MODE",
      description = "registry (default) or dht (Kademlia provider records; needs --bootstrap).")
  String discovery;

  @Option(
      names = "--bootstrap",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "A DHT peer to join through (with --discovery dht); repeatable.")
  List<Multiaddr> bootstrap = new ArrayList<>();

  @Option(
      names = "--kad-protocol",
      paramLabel = "ID",
      defaultValue = DhtService.DEFAULT_PROTOCOL,
      description = "The kad-dht protocol id (default: ${DEFAULT-VALUE}).")
  String kadProtocol;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description =
          "Delegate through the running node with this data directory (its local API)"
              + " instead of a transient node; it discovers through its own registry or DHT.")
  Path node;

  @Option(
      names = "--trust-attestor",
      paramLabel = "PEER_ID",
      description =
          "Trust countersignatures by this attestor (repeatable); pinned here, never taken"
              + " from a descriptor. With --node, the node's own (node start --trust-attestor).")
  List<String> trustAttestors = new ArrayList<>();

  /** The attestors pinned with {@code --trust-attestor} (checked by {@link #validate}). */
  private java.util.Set<io.ap2p.core.identity.PeerId> pinned() {
    java.util.Set<io.ap2p.core.identity.PeerId> out = new java.util.LinkedHashSet<>();
    for (String v : trustAttestors) {
      try {
        out.add(io.ap2p.core.identity.PeerId.parse(v.strip()));
      } catch (io.ap2p.core.identity.KeyFormatException e) {
        throw new IllegalStateException("validated already", e);
      }
    }
    return out;
  }

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      description =
          "How results are verified: naive (trust the claims), reputation (Tier 1), canary"
              + " (Tiers 1+2), evidence (Tiers 1+3) or risk-aware (by each step's side effect;"
              + " the default, or the running node's own default with --node). See"
              + " docs/verification.md.")
  String policy;

  /** The policy asked for, if any (checked by {@link #validate}). */
  public Optional<io.ap2p.core.trust.TierPolicy> policy() {
    return policy == null
        ? Optional.empty()
        : Optional.of(io.ap2p.core.trust.TierPolicy.parse(policy));
  }

  /** Whether the DHT is asked (and so a tag is needed: it is keyed by tags). */
  public boolean dht() {
    return "dht".equals(discovery);
  }

  /**
   * Uses the running node of {@code dir} when no flag says how to discover (no {@code --node},
   * {@code --registry-peer}, {@code --discovery} or {@code --bootstrap}).
   */
  public void orNode(Path dir) {
    if (node == null && registryPeer == null && discovery == null && bootstrap.isEmpty()) {
      node = dir;
    }
  }

  /** The running node's data directory, when one is used. */
  public Optional<Path> node() {
    return Optional.ofNullable(node);
  }

  /** Whether a running node is used. */
  public boolean viaNode() {
    return node != null;
  }

  /**
   * Checks that the flags make one way to discover.
   *
   * @throws ParameterException naming the flag at fault
   */
  public void validate(CommandSpec spec) {
    if (policy != null) {
      try {
        io.ap2p.core.trust.TierPolicy.parse(policy);
      } catch (IllegalArgumentException e) {
        throw usage(spec, "--policy: " + e.getMessage());
      }
    }
    if (discovery != null && !discovery.equals("registry") && !discovery.equals("dht")) {
      throw usage(spec, "--discovery: registry or dht (got '" + discovery + "')");
    }
    io.ap2p.cli.net.EvidenceFlags.pinned(spec, trustAttestors);
    if (node != null) {
      if (!trustAttestors.isEmpty()) {
        throw usage(
            spec,
            "--trust-attestor: the running node trusts the attestors it was started with"
                + " (ap2p node start --trust-attestor); drop it with --node");
      }
      if (registryPeer != null || discovery != null || !bootstrap.isEmpty()) {
        throw usage(
            spec,
            "--node: the running node discovers on its own; drop --registry-peer, --discovery"
                + " and --bootstrap");
      }
      return;
    }
    if (dht()) {
      if (registryPeer != null) {
        throw usage(spec, "--registry-peer: for --discovery registry; the DHT needs no registry");
      }
      if (bootstrap.isEmpty()) {
        throw usage(spec, "--bootstrap: required with --discovery dht (a peer of the DHT)");
      }
    } else if (registryPeer == null) {
      throw usage(
          spec,
          "--registry-peer: required (the registry to find providers in), or use --discovery dht"
              + " --bootstrap MULTIADDR, or --node DIR");
    }
    if (registryPeer != null && registryPeer.peerId().isEmpty()) {
      throw usage(spec, "--registry-peer: the address must end in /p2p/<peer id>");
    }
    if (!kadProtocol.startsWith("/") || kadProtocol.length() > 128 || kadProtocol.contains("\n")) {
      throw usage(
          spec,
          "--kad-protocol: a protocol id such as /ap2p/kad/1.0.0 (got '" + kadProtocol + "')");
    }
  }

  /**
   * The session to delegate through: the running node's API, or a transient node.
   *
   * @throws CliFailure if the node does not run or the transient node cannot start
   */
  public Session open(PrintWriter err) {
    if (node != null) {
      return new ApiSession(NodeApiClient.open(node));
    }
    NodeOptions options =
        new NodeOptions(
            PrivateKey.generate(new SecureRandom()),
            List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
            bootstrap,
            false,
            Optional.ofNullable(registryPeer),
            List.of(),
            "ap2p/" + Version.get(),
            Optional.empty(),
            dht() ? NodeOptions.Discovery.DHT : NodeOptions.Discovery.REGISTRY,
            kadProtocol);
    options = options.withTrust(options.trust().withEvidence(pinned(), false, Optional.empty()));
    Node n;
    try {
      n =
          Node.start(
              options,
              SystemClock.INSTANCE,
              line -> {
                err.println("ap2p: " + line);
                err.flush();
              });
    } catch (IOException e) {
      throw new CliFailure("cannot start a node: " + e.getMessage());
    }
    if (dht()) {
      awaitDht(n);
    }
    return new TransientSession(n);
  }

  private void awaitDht(Node n) {
    long end = System.nanoTime() + DHT_JOIN_MILLIS * 1_000_000;
    while (n.dht().orElseThrow().routingTableSize() == 0) {
      if (System.nanoTime() > end) {
        n.close();
        throw new CliFailure(
            "--bootstrap: no DHT peer answered within 10 s (is it running, and does it speak "
                + kadProtocol
                + "?)");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        n.close();
        Thread.currentThread().interrupt();
        throw new CliFailure("interrupted");
      }
    }
  }

  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
