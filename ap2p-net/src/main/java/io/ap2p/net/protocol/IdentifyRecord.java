package io.ap2p.net.protocol;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The libp2p identify message (libp2p/specs identify/README.md): who a peer is, where it listens,
 * where it saw us, which protocols it speaks. Addresses in protocols this implementation does not
 * read (websockets, circuits…) are skipped and counted.
 */
public record IdentifyRecord(
    PublicKey publicKey,
    List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr,
    List<String> protocols,
    String protocolVersion,
    String agentVersion,
    int skippedAddrs) {

  /** The stream protocol id. */
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";

  /** Largest message read (js-libp2p sends at most 8 KiB; go-libp2p bounds it too). */
  public static final int MAX_SIZE = 64 * 1024;

  /** Most addresses and protocols read. */
  static final int MAX_ENTRIES = 256;

  /** An identify record; lists are copied. */
  public IdentifyRecord {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  /** The protobuf encoding (without its length prefix). */
  public byte[] encode() {
    ProtoWriter w = new ProtoWriter();
    w.string(5, protocolVersion);
    w.string(6, agentVersion);
    w.bytes(1, publicKey.protobuf());
    for (Multiaddr a : listenAddrs) {
      w.bytes(2, a.toBytes());
    }
    observedAddr.ifPresent(a -> w.bytes(4, a.toBytes()));
    for (String p : protocols) {
      w.string(3, p);
    }
    return w.toBytes().toByteArray();
  }

  /**
   * Decodes an identify message.
   *
   * @throws WireFormatException if it is malformed, lacks the public key or passes a limit
   */
  public static IdentifyRecord decode(byte[] encoded) throws WireFormatException {
    if (encoded.length > MAX_SIZE) {
      throw new WireFormatException("identify message over " + MAX_SIZE + " bytes");
    }
    PublicKey key = null;
    List<Multiaddr> addrs = new ArrayList<>();
    Multiaddr observed = null;
    List<String> protocols = new ArrayList<>();
    String protocolVersion = "";
    String agentVersion = "";
    int skipped = 0;
    ProtoReader r = new ProtoReader(Bytes.wrap(encoded));
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          try {
            key = PublicKey.fromProtobuf(r.bytes(1024));
          } catch (KeyFormatException e) {
            throw new WireFormatException("identify public key: " + e.getMessage());
          }
        }
        case 2 -> {
          Bytes a = r.bytes(Multiaddr.MAX_LENGTH);
          if (addrs.size() + skipped >= MAX_ENTRIES) {
            throw new WireFormatException("more than " + MAX_ENTRIES + " listen addresses");
          }
          try {
            addrs.add(Multiaddr.fromBytes(a));
          } catch (MultiaddrException e) {
            skipped++;
          }
        }
        case 3 -> {
          if (protocols.size() >= MAX_ENTRIES) {
            throw new WireFormatException("more than " + MAX_ENTRIES + " protocols");
          }
          protocols.add(r.string(1024));
        }
        case 4 -> {
          try {
            observed = Multiaddr.fromBytes(r.bytes(Multiaddr.MAX_LENGTH));
          } catch (MultiaddrException e) {
            observed = null;
          }
        }
        case 5 -> protocolVersion = r.string(256);
        case 6 -> agentVersion = r.string(256);
        default -> r.skip(); // signedPeerRecord (8) and future fields
      }
    }
    if (key == null) {
      throw new WireFormatException("identify message lacks the public key");
    }
    return new IdentifyRecord(
        key,
        addrs,
        Optional.ofNullable(observed),
        protocols,
        protocolVersion,
        agentVersion,
        skipped);
  }
}
