package io.ap2p.node;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.multiaddr.Multiaddr;
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
    String kadProtocol) {

  /** How descriptors are published and found. */
  public enum Discovery {
    /** Through a registry peer (the paper's evaluated design). */
    REGISTRY,
    /** Through a Kademlia DHT of provider records, no special peers. */
    DHT
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

  /** Copies the lists; in registry mode, publishing needs a registry to publish to. */
  public NodeOptions {
    listen = List.copyOf(listen);
    bootstrap = List.copyOf(bootstrap);
    publish = List.copyOf(publish);
    if (!kadProtocol.startsWith("/") || kadProtocol.length() > 128) {
      throw new IllegalArgumentException(
          "kad protocol id must start with / (got " + kadProtocol + ")");
    }
    if (discovery == Discovery.REGISTRY
        && !publish.isEmpty()
        && registryPeer.isEmpty()
        && !serveRegistry) {
      throw new IllegalArgumentException(
          "descriptors to publish need a registry: give a registry peer or serve one");
    }
  }
}
