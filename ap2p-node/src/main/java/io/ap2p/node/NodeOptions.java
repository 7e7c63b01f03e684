package io.ap2p.node;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.HostLimits;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.execution.ExecutionLimits;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to run a node.
 *
 * @param identity the node's key
 * @param listen addresses to listen on
 * @param bootstrap peers to dial at start
 * @param serveRegistry whether this node serves {@code /ap2p/registry/1.0.0}
 * @param registryPeer the registry this node publishes to and queries, if any
 * @param publish descriptor templates to sign and keep registered
 * @param agentVersion what identify reports
 * @param dataDir where the local API's address and token are written, if anywhere
 * @param discovery registry or DHT
 * @param kadProtocol the kad-dht protocol id in DHT mode
 * @param serve capabilities to serve over {@code /ap2p/task/1.0.0} and publish (with a data
 *     directory they are also stored, and a restart serves them again with no flags)
 * @param execution limits on the task work this node takes on
 * @param trust how this node verifies others and takes part in verification
 * @param net connection, handshake, stream and buffer limits of the node's host (docs/limits.md)
 * @param identityPrice the identity-proof bits its registry requires and the most it mints
 */
public record NodeOptions(
    PrivateKey identity,
    List<Multiaddr> listen,
    List<Multiaddr> bootstrap,
    boolean serveRegistry,
    Optional<Multiaddr> registryPeer,
    List<CapabilityDescriptor> publish,
    String agentVersion,
    Optional<Path> dataDir,
    Discovery discovery,
    String kadProtocol,
    List<CapabilitySpec> serve,
    ExecutionLimits execution,
    TrustOptions trust,
    HostLimits net,
    IdentityPriceOptions identityPrice) {

  /** How descriptors are published and found. */
  public enum Discovery {
    /** Through a registry peer (the paper's evaluated design). */
    REGISTRY,
    /** Through a Kademlia DHT of provider records, no special peers. */
    DHT
  }

  /** Options with the default host limits. */
  public NodeOptions(
      PrivateKey identity,
      List<Multiaddr> listen,
      List<Multiaddr> bootstrap,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilityDescriptor> publish,
      String agentVersion,
      Optional<Path> dataDir,
      Discovery discovery,
      String kadProtocol,
      List<CapabilitySpec> serve,
      ExecutionLimits execution,
      TrustOptions trust) {
    this(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        trust,
        HostLimits.DEFAULTS,
        IdentityPriceOptions.DEFAULTS);
  }

  /** Options with the default trust settings. */
  public NodeOptions(
      PrivateKey identity,
      List<Multiaddr> listen,
      List<Multiaddr> bootstrap,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilityDescriptor> publish,
      String agentVersion,
      Optional<Path> dataDir,
      Discovery discovery,
      String kadProtocol,
      List<CapabilitySpec> serve,
      ExecutionLimits execution) {
    this(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        TrustOptions.DEFAULTS);
  }

  /** Options in registry mode (the kad protocol unused). */
  public NodeOptions(
      PrivateKey identity,
      List<Multiaddr> listen,
      List<Multiaddr> bootstrap,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilityDescriptor> publish,
      String agentVersion,
      Optional<Path> dataDir) {
    this(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        Discovery.REGISTRY,
        io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL);
  }

  /** Options that serve no capability. */
  public NodeOptions(
      PrivateKey identity,
      List<Multiaddr> listen,
      List<Multiaddr> bootstrap,
      boolean serveRegistry,
      Optional<Multiaddr> registryPeer,
      List<CapabilityDescriptor> publish,
      String agentVersion,
      Optional<Path> dataDir,
      Discovery discovery,
      String kadProtocol) {
    this(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        List.of(),
        ExecutionLimits.DEFAULTS);
  }

  /** These options serving {@code capabilities} as well. */
  public NodeOptions serving(List<CapabilitySpec> capabilities) {
    return new NodeOptions(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        capabilities,
        execution,
        trust,
        net,
        identityPrice);
  }

  /** These options with other execution limits. */
  public NodeOptions withExecution(ExecutionLimits limits) {
    return new NodeOptions(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        limits,
        trust,
        net,
        identityPrice);
  }

  /** These options under another identity (a whitewasher rejoining under a fresh key). */
  public NodeOptions withIdentity(PrivateKey key) {
    return new NodeOptions(
        key,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        trust,
        net,
        identityPrice);
  }

  /** These options with other trust settings. */
  public NodeOptions withTrust(TrustOptions settings) {
    return new NodeOptions(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        settings,
        net,
        identityPrice);
  }

  /** These options with other host limits. */
  public NodeOptions withNet(HostLimits limits) {
    return new NodeOptions(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        trust,
        limits,
        identityPrice);
  }

  /** These options with another price on identities. */
  public NodeOptions withIdentityPrice(IdentityPriceOptions price) {
    return new NodeOptions(
        identity,
        listen,
        bootstrap,
        serveRegistry,
        registryPeer,
        publish,
        agentVersion,
        dataDir,
        discovery,
        kadProtocol,
        serve,
        execution,
        trust,
        net,
        price);
  }

  /** The limits of the registry this node serves: the defaults with its identity price. */
  public io.ap2p.core.discovery.registry.RegistryLimits registryLimits() {
    return io.ap2p.core.discovery.registry.RegistryLimits.DEFAULTS.withIdentityBits(
        identityPrice.registryBits());
  }

  /** Copies the lists; in registry mode, publishing needs a registry to publish to. */
  public NodeOptions {
    listen = List.copyOf(listen);
    bootstrap = List.copyOf(bootstrap);
    publish = List.copyOf(publish);
    serve = List.copyOf(serve);
    if (!kadProtocol.startsWith("/") || kadProtocol.length() > 128) {
      throw new IllegalArgumentException(
          "kad protocol id must start with / (got " + kadProtocol + ")");
    }
    if (discovery == Discovery.REGISTRY
        && !(publish.isEmpty() && serve.isEmpty())
        && registryPeer.isEmpty()
        && !serveRegistry) {
      throw new IllegalArgumentException(
          "descriptors to publish need a registry: give a registry peer or serve one");
    }
  }
}
