package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.multiaddr.Multiaddr;
import java.util.List;

/** What this node knows about a peer: where it listens and what it runs, from identify. */
public record PeerInfo(
    PeerId peer, List<Multiaddr> addrs, List<String> protocols, String agentVersion) {

  /** A peer entry; lists are copied. */
  public PeerInfo {
    addrs = List.copyOf(addrs);
    protocols = List.copyOf(protocols);
  }
}
