package io.ap2p.node.discovery;

import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import java.util.List;

/**
 * How a node takes part in a registry federation (docs/discovery.md, "Federation").
 *
 * @param registryPeers the registries this node publishes to and queries, in order of preference:
 *     publishers fail over along the list, finders ask them all and merge (empty: the single
 *     registry peer of {@code NodeOptions}, or the node's own registry)
 * @param federate whether this node's registry replicates with others over GossipSub (needs the
 *     node to serve a registry); peers that join the topic are replicated with as well as those
 *     listed
 * @param federationPeers peer registries to dial and keep dialling (every {@link
 *     Federation#RECONNECT}), and to catch up from at start
 * @param gossip the GossipSub parameters of the federation topic
 */
public record FederationOptions(
    List<Multiaddr> registryPeers,
    boolean federate,
    List<Multiaddr> federationPeers,
    GossipParams gossip) {

  /** Most registry peers or federation peers given. */
  public static final int MAX_PEERS = 32;

  /** No federation, no extra registry peers. */
  public static final FederationOptions NONE =
      new FederationOptions(List.of(), false, List.of(), GossipParams.DEFAULTS);

  /**
   * Copies the lists; every address must name its peer, there are at most 32 of each, and peers to
   * federate with come with federating.
   */
  public FederationOptions {
    registryPeers = List.copyOf(registryPeers);
    federationPeers = List.copyOf(federationPeers);
    if (!federate && !federationPeers.isEmpty()) {
      throw new IllegalArgumentException("federation peers are for a federating registry");
    }
    if (registryPeers.size() > MAX_PEERS || federationPeers.size() > MAX_PEERS) {
      throw new IllegalArgumentException("at most " + MAX_PEERS + " registry or federation peers");
    }
    for (Multiaddr a : registryPeers) {
      if (a.peerId().isEmpty()) {
        throw new IllegalArgumentException("registry peer " + a + " must end in /p2p/<peer id>");
      }
    }
    for (Multiaddr a : federationPeers) {
      if (a.peerId().isEmpty()) {
        throw new IllegalArgumentException("federation peer " + a + " must end in /p2p/<peer id>");
      }
    }
  }
}
