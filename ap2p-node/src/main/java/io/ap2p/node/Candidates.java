package io.ap2p.node;

import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtFinder;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.discovery.FederationOptions;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.discovery.RegistryService;
import io.ap2p.node.execution.CandidateSource;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where a node publishes and finds: its registries (one or several replicas) or the DHT. */
final class Candidates {

  private Candidates() {}

  /**
   * The registries this node publishes to and queries: the federation options' list, else the
   * registry peer, else its own registry, else none.
   */
  static List<Multiaddr> registries(
      NodeOptions o, FederationOptions f, Host host, Optional<RegistryService> registry) {
    if (!f.registryPeers().isEmpty()) {
      return f.registryPeers();
    }
    return o
        .registryPeer()
        .or(() -> registry.map(r -> host.listenAddrs().get(0).withPeerId(host.peerId())))
        .stream()
        .toList();
  }

  /**
   * This node's identity proofs for registries that price identities: kept in its database when it
   * has one, minted up to the bits its options allow.
   */
  static io.ap2p.node.discovery.IdentityProofs proofs(
      NodeOptions o,
      Optional<io.ap2p.node.store.Database> database,
      Clock clock,
      java.util.function.Consumer<String> log) {
    return new io.ap2p.node.discovery.IdentityProofs(
        o.identity().peerId(),
        o.identityPrice().maxMintBits(),
        database.map(io.ap2p.node.store.Database::identityProofs),
        clock,
        log);
  }

  /**
   * Where this node's requester finds candidates: its registries (several: asked at once and
   * merged), or the DHT; what {@code revocations} (fed by the registries' answers) says is revoked
   * is not a candidate.
   */
  static CandidateSource of(
      List<Multiaddr> registries,
      Host host,
      Optional<DhtService> dht,
      Clock clock,
      io.ap2p.node.trust.RevocationBook revocations) {
    if (dht.isPresent()) {
      DhtFinder finder = new DhtFinder(dht.get(), clock, Optional.of(revocations));
      return q ->
          finder.find(q, io.ap2p.core.discovery.matching.TrustView.NONE).matches().stream()
              .map(m -> m.descriptor().toJsonBytes())
              .toList();
    }
    if (registries.isEmpty()) {
      return q -> {
        throw new IOException(
            "no discovery configured: give a registry peer or use the DHT (--discovery dht)");
      };
    }
    Finder finder = new Finder(host, clock, Optional.of(revocations));
    if (registries.size() == 1) {
      return q -> finder.unrevoked(registries.get(0), q);
    }
    return q ->
        finder.merged(registries, q).descriptors().stream()
            .map(io.ap2p.core.discovery.SignedDescriptor::toJsonBytes)
            .toList();
  }
}
