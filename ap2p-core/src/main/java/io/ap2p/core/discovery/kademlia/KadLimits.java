package io.ap2p.core.discovery.kademlia;

/**
 * Hard limits on kad-dht messages from peers.
 *
 * @param maxMessageBytes largest encoded message
 * @param maxPeers most peers in one list (closer or provider)
 * @param maxAddrsPerPeer most multiaddrs per peer
 * @param maxAddrBytes longest binary multiaddr
 * @param maxKeyBytes longest key
 * @param maxValueBytes longest record value
 */
public record KadLimits(
    int maxMessageBytes,
    int maxPeers,
    int maxAddrsPerPeer,
    int maxAddrBytes,
    int maxKeyBytes,
    int maxValueBytes) {

  /**
   * 64 KiB messages, 40 peers per list, 16 addresses of 256 bytes, 128-byte keys, 16 KiB values.
   */
  public static final KadLimits DEFAULTS = new KadLimits(64 * 1024, 40, 16, 256, 128, 16 * 1024);
}
