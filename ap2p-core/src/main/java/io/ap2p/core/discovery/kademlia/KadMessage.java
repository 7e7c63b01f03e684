package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.wire.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * One libp2p kad-dht RPC message (kad-dht spec, "RPC messages"), request or response.
 *
 * @param type the message type
 * @param key the key: a binary peer id for FIND_NODE, a multihash for provider messages
 * @param record the value record of PUT_VALUE and GET_VALUE, if any
 * @param closerPeers peers closer to the key
 * @param providerPeers providers of the key
 */
public record KadMessage(
    Type type,
    Bytes key,
    Optional<KadRecord> record,
    List<KadPeer> closerPeers,
    List<KadPeer> providerPeers) {

  /** The message types, numbered as on the wire. */
  public enum Type {
    /** Store a value (not served by ap2p). */
    PUT_VALUE(0),
    /** Get a value. */
    GET_VALUE(1),
    /** Announce the sender as a provider of a key. */
    ADD_PROVIDER(2),
    /** Ask for providers of a key. */
    GET_PROVIDERS(3),
    /** Ask for the peers closest to a key. */
    FIND_NODE(4),
    /** Deprecated liveness check; answered, never sent. */
    PING(5);

    private final int wire;

    Type(int wire) {
      this.wire = wire;
    }

    /** The wire number. */
    public int wire() {
      return wire;
    }

    static Type of(long wire) {
      for (Type t : values()) {
        if (t.wire == wire) {
          return t;
        }
      }
      return null;
    }
  }

  /** Copies the lists. */
  public KadMessage {
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  /** A request of {@code type} for {@code key}. */
  public static KadMessage request(Type type, Bytes key) {
    return new KadMessage(type, key, Optional.empty(), List.of(), List.of());
  }

  /**
   * A value record.
   *
   * @param key its key
   * @param value its value
   * @param timeReceived RFC 3339 time the receiver got it, or empty
   */
  public record KadRecord(Bytes key, Bytes value, String timeReceived) {}
}
