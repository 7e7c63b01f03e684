package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kad-dht protobuf ({@code Message}, {@code Message.Peer}, {@code Record}; kad-dht spec, "RPC
 * messages"), with hard limits. Streams carry each message behind an unsigned-varint length, which
 * the runtime reads with the same limit.
 */
public final class KadCodec {

  private final KadLimits limits;

  /** A codec enforcing {@code limits}. */
  public KadCodec(KadLimits limits) {
    this.limits = limits;
  }

  /** The limits enforced. */
  public KadLimits limits() {
    return limits;
  }

  /** The protobuf bytes of {@code m} (without the length prefix). */
  public Bytes encode(KadMessage m) {
    ProtoWriter w = new ProtoWriter();
    w.varint(1, m.type().wire());
    if (m.key().length() > 0) {
      w.bytes(2, m.key());
    }
    m.record()
        .ifPresent(
            r -> {
              ProtoWriter rw = new ProtoWriter().bytes(1, r.key()).bytes(2, r.value());
              if (!r.timeReceived().isEmpty()) {
                rw.string(5, r.timeReceived());
              }
              w.bytes(3, rw.toBytes());
            });
    m.closerPeers().forEach(p -> w.bytes(8, encodePeer(p)));
    m.providerPeers().forEach(p -> w.bytes(9, encodePeer(p)));
    return w.toBytes();
  }

  /**
   * The length of {@link #encode}'s bytes for {@code m}, computed without encoding (the simulator
   * counts every message's bytes).
   */
  public int encodedSize(KadMessage m) {
    int size = varintField(1, m.type().wire());
    if (m.key().length() > 0) {
      size += bytesField(2, m.key().length());
    }
    if (m.record().isPresent()) {
      KadMessage.KadRecord r = m.record().get();
      int record = bytesField(1, r.key().length()) + bytesField(2, r.value().length());
      if (!r.timeReceived().isEmpty()) {
        record += bytesField(5, r.timeReceived().getBytes(StandardCharsets.UTF_8).length);
      }
      size += bytesField(3, record);
    }
    for (KadPeer p : m.closerPeers()) {
      size += bytesField(8, peerSize(p));
    }
    for (KadPeer p : m.providerPeers()) {
      size += bytesField(9, peerSize(p));
    }
    return size;
  }

  private static int peerSize(KadPeer p) {
    int size = bytesField(1, p.id().multihash().length());
    for (Bytes a : p.addrs()) {
      size += bytesField(2, a.length());
    }
    if (p.connection() != KadPeer.Connection.NOT_CONNECTED) {
      size += varintField(3, p.connection().ordinal());
    }
    return size;
  }

  private static int varintField(int field, long value) {
    return Varint.size((long) field << 3) + Varint.size(value);
  }

  private static int bytesField(int field, int length) {
    return Varint.size(((long) field << 3) | 2) + Varint.size(length) + length;
  }

  private static Bytes encodePeer(KadPeer p) {
    ProtoWriter w = new ProtoWriter().bytes(1, p.id().multihash());
    p.addrs().forEach(a -> w.bytes(2, a));
    if (p.connection() != KadPeer.Connection.NOT_CONNECTED) {
      w.varint(3, p.connection().ordinal());
    }
    return w.toBytes();
  }

  /**
   * Decodes one message (without its length prefix).
   *
   * @throws WireFormatException if it is over a limit, truncated or malformed
   */
  public KadMessage decode(Bytes bytes) throws WireFormatException {
    if (bytes.length() > limits.maxMessageBytes()) {
      throw new WireFormatException(
          "kad message of " + bytes.length() + " bytes is over " + limits.maxMessageBytes());
    }
    ProtoReader r = new ProtoReader(bytes);
    KadMessage.Type type = KadMessage.Type.PUT_VALUE; // proto default 0
    Bytes key = Bytes.EMPTY;
    Optional<KadMessage.KadRecord> record = Optional.empty();
    List<KadPeer> closer = new ArrayList<>();
    List<KadPeer> providers = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          long t = r.varint();
          type = KadMessage.Type.of(t);
          if (type == null) {
            throw new WireFormatException("unknown kad message type " + t);
          }
        }
        case 2 -> key = r.bytes(limits.maxKeyBytes());
        case 3 -> record = Optional.of(decodeRecord(r.message(limits.maxMessageBytes())));
        case 8 -> add(closer, decodePeer(r.message(limits.maxMessageBytes())), "closerPeers");
        case 9 -> add(providers, decodePeer(r.message(limits.maxMessageBytes())), "providerPeers");
        default -> r.skip(); // clusterLevelRaw and future fields
      }
    }
    return new KadMessage(type, key, record, closer, providers);
  }

  private void add(List<KadPeer> list, KadPeer p, String name) throws WireFormatException {
    if (list.size() >= limits.maxPeers()) {
      throw new WireFormatException(name + " lists more than " + limits.maxPeers() + " peers");
    }
    list.add(p);
  }

  private KadMessage.KadRecord decodeRecord(ProtoReader r) throws WireFormatException {
    Bytes key = Bytes.EMPTY;
    Bytes value = Bytes.EMPTY;
    String time = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> key = r.bytes(limits.maxKeyBytes());
        case 2 -> value = r.bytes(limits.maxValueBytes());
        case 5 -> time = r.string(64);
        default -> r.skip();
      }
    }
    return new KadMessage.KadRecord(key, value, time);
  }

  private KadPeer decodePeer(ProtoReader r) throws WireFormatException {
    PeerId id = null;
    List<Bytes> addrs = new ArrayList<>();
    KadPeer.Connection conn = KadPeer.Connection.NOT_CONNECTED;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          Bytes raw = r.bytes(64);
          try {
            id = new PeerId(raw);
          } catch (IllegalArgumentException e) {
            throw new WireFormatException("peer id in kad message: " + e.getMessage());
          }
        }
        case 2 -> {
          if (addrs.size() >= limits.maxAddrsPerPeer()) {
            throw new WireFormatException(
                "peer lists more than " + limits.maxAddrsPerPeer() + " addresses");
          }
          addrs.add(r.bytes(limits.maxAddrBytes()));
        }
        case 3 -> {
          long c = r.varint();
          conn =
              c < KadPeer.Connection.values().length
                  ? KadPeer.Connection.values()[(int) c]
                  : KadPeer.Connection.NOT_CONNECTED;
        }
        default -> r.skip();
      }
    }
    if (id == null) {
      throw new WireFormatException("kad peer without an id");
    }
    return new KadPeer(id, addrs, conn);
  }
}
