package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.List;

/**
 * A peer as kad-dht messages carry it: id, binary multiaddrs and the sender's connection status.
 *
 * @param id the peer
 * @param addrs binary multiaddrs
 * @param connection what the sender knows of its connection to the peer
 */
public record KadPeer(PeerId id, List<Bytes> addrs, Connection connection) {

  /** Connection status, numbered as on the wire. */
  public enum Connection {
    /** No connection and no information. */
    NOT_CONNECTED,
    /** A live connection. */
    CONNECTED,
    /** Connected recently. */
    CAN_CONNECT,
    /** Tried hard and failed. */
    CANNOT_CONNECT
  }

  /** Copies the list. */
  public KadPeer {
    addrs = List.copyOf(addrs);
  }
}
