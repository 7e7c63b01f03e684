package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Binary encoding of {@link RegistryMessage}, version 1: one protobuf message per stream frame.
 *
 * <pre>
 * Envelope { uint32 version = 1;            // must be 1
 *            oneof body { Register register = 2; Withdraw withdraw = 3; Find find = 4;
 *                         Ack ack = 5; Found found = 6; Revoke revoke = 7;
 *                         RevocationsOf revocations_of = 8; Revoked revoked = 9; } }
 * Register { bytes descriptor = 1;          // signed descriptor JSON (over 64 KiB: refused, OVERSIZE)
 *            bytes identity_proof = 2; }   // IdentityProof counter (8 bytes), absent when none;
 *                                          // over 64 bytes: malformed
 * Withdraw { string id = 1; uint64 seq = 2; }
 * Find     { string text = 1; repeated string tag = 2; uint64 max_latency_ms = 3;
 *            uint64 max_price_micros = 4 (absent: unbounded); string region = 5;
 *            uint32 max_side_effect = 6; uint32 min_tier = 7; uint32 limit = 8;
 *            repeated bytes exclude = 9;  // peer-id multihashes, at most 128
 *            repeated bytes recall = 10;  // peer-id multihashes, at most 16
 *            uint32 offset = 11; }        // at most 1000; 9-11 absent in an unscoped query
 * Ack      { uint32 status = 1; string reason = 2; string detail = 3; uint64 expires_at_ms = 4;
 *            uint32 identity_bits = 5; }   // absent when 0; any value read (over 255: as 255)
 * Found    { repeated bytes descriptor = 1; } // at most 100 entries, 1 MiB in all
 * Revoke   { bytes revocation = 1; }         // a SignedRevocation, at most 512 bytes
 * RevocationsOf { repeated bytes peer = 1; } // binary peer ids, at most 100
 * Revoked  { repeated bytes revocation = 1; } // at most 1,000 of at most 512 bytes
 * </pre>
 *
 * Documented in docs/registry-protocol.md; frozen by golden files under
 * src/test/resources/wire/registry/1.0.0/.
 */
public final class RegistryCodec {

  /** The protocol id on libp2p streams. */
  public static final String PROTOCOL = "/ap2p/registry/1.0.0";

  /** Encoding version carried in every envelope. */
  public static final int VERSION = 1;

  /** Largest encoded message of any kind. */
  public static final int MAX_MESSAGE = 1 << 20;

  /** Largest detail string in an Ack. */
  public static final int MAX_DETAIL = 512;

  /**
   * Largest identity proof field decoded: a proof is 8 bytes; a longer one (up to this) reaches the
   * registry, which refuses it with a reason, a longer still is malformed.
   */
  public static final int MAX_IDENTITY_PROOF = 64;

  /**
   * The most identity bits an Ack carries: a larger value on the wire is read as this. Registries
   * here ask at most {@link IdentityProof#MAX_BITS}; a client mints no more than its own maximum.
   */
  public static final int MAX_ASKED_BITS = 255;

  private static final int MAX_ID = 64;
  private static final int MAX_PEER = 64;
  private static final int MAX_REASON = 64;
  private static final int MAX_REGION = 64;

  /** Most peers in a RevocationsOf. */
  public static final int MAX_REVOCATION_PEERS = 100;

  /** Most revocations in a Revoked. */
  public static final int MAX_REVOCATIONS = 1000;

  private RegistryCodec() {}

  /** Encodes {@code m}. */
  public static Bytes encode(RegistryMessage m) {
    ProtoWriter env = new ProtoWriter().varint(1, VERSION);
    switch (m) {
      case RegistryMessage.Register r -> {
        ProtoWriter body = new ProtoWriter().bytes(1, r.signedDescriptor());
        if (r.identityProof().length() > 0) { // absent: encodes as it always did
          body.bytes(2, r.identityProof());
        }
        env.bytes(2, body.toBytes());
      }
      case RegistryMessage.Withdraw w ->
          env.bytes(3, new ProtoWriter().string(1, w.capabilityId()).varint(2, w.seq()).toBytes());
      case RegistryMessage.Find f -> env.bytes(4, encodeQuery(f.query()));
      case RegistryMessage.Ack a -> {
        ProtoWriter body =
            new ProtoWriter()
                .varint(1, a.status().ordinal())
                .string(2, a.reason())
                .string(3, a.detail())
                .varint(4, a.expiresAtMillis());
        if (a.identityBits() > 0) { // absent: encodes as it always did
          body.varint(5, a.identityBits());
        }
        env.bytes(5, body.toBytes());
      }
      case RegistryMessage.Found f -> {
        ProtoWriter body = new ProtoWriter();
        f.descriptors().forEach(d -> body.bytes(1, d));
        env.bytes(6, body.toBytes());
      }
      case RegistryMessage.Revoke r ->
          env.bytes(7, new ProtoWriter().bytes(1, r.signedRevocation()).toBytes());
      case RegistryMessage.RevocationsOf q -> {
        ProtoWriter body = new ProtoWriter();
        q.peers().forEach(p -> body.bytes(1, p.multihash()));
        env.bytes(8, body.toBytes());
      }
      case RegistryMessage.Revoked f -> {
        ProtoWriter body = new ProtoWriter();
        f.revocations().forEach(d -> body.bytes(1, d));
        env.bytes(9, body.toBytes());
      }
    }
    return env.toBytes();
  }

  /** What {@link #encode} returns for {@code f}, in bytes, computed from the entry sizes. */
  static int foundSize(RegistryMessage.Found f) {
    long body = 0;
    for (Bytes d : f.descriptors()) {
      body += field(d.length());
    }
    return envelope(body);
  }

  /** What {@link #encode} gives for {@code r}, computed without copying the descriptor. */
  static int registerSize(RegistryMessage.Register r) {
    long body = field(r.signedDescriptor().length());
    if (r.identityProof().length() > 0) {
      body += field(r.identityProof().length());
    }
    return envelope(body);
  }

  /** What {@link #encode} gives for {@code a}, computed without encoding it. */
  static int ackSize(RegistryMessage.Ack a) {
    long body =
        1
            + Varint.size(a.status().ordinal())
            + field(a.reason().getBytes(StandardCharsets.UTF_8).length)
            + field(a.detail().getBytes(StandardCharsets.UTF_8).length)
            + 1
            + Varint.size(a.expiresAtMillis());
    if (a.identityBits() > 0) {
      body += 1 + Varint.size(a.identityBits());
    }
    return envelope(body);
  }

  /** A length-delimited field numbered 1 to 15 (a one-byte key) of {@code length} bytes. */
  private static long field(int length) {
    return 1 + Varint.size(length) + length;
  }

  /** The envelope (version, then the body as a field numbered 1 to 15) around {@code body}. */
  private static int envelope(long body) {
    return (int) (1 + Varint.size(VERSION) + 1 + Varint.size(body) + body);
  }

  /** Decodes one message, enforcing every limit. */
  public static RegistryMessage decode(Bytes data) throws WireFormatException {
    if (data.length() > MAX_MESSAGE) {
      throw new WireFormatException("registry message of " + data.length() + " bytes > limit");
    }
    ProtoReader r = new ProtoReader(data);
    long version = -1;
    RegistryMessage body = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> version = r.varint();
        case 2 -> body = decodeRegister(r.message(MAX_MESSAGE));
        case 3 -> body = decodeWithdraw(r.message(MAX_MESSAGE));
        case 4 -> body = new RegistryMessage.Find(decodeQuery(r.message(MAX_MESSAGE)));
        case 5 -> body = decodeAck(r.message(MAX_MESSAGE));
        case 6 -> body = decodeFound(r.message(MAX_MESSAGE));
        case 7 -> body = RevocationWire.revoke(r.message(MAX_MESSAGE));
        case 8 -> body = RevocationWire.revocationsOf(r.message(MAX_MESSAGE));
        case 9 -> body = RevocationWire.revoked(r.message(MAX_MESSAGE));
        default -> r.skip();
      }
    }
    if (version != VERSION) {
      throw new WireFormatException("unsupported registry message version " + version);
    }
    if (body == null) {
      throw new WireFormatException("registry message without a body");
    }
    return body;
  }

  private static RegistryMessage decodeRegister(ProtoReader r) throws WireFormatException {
    Bytes d = null;
    Bytes proof = Bytes.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        // bounded by the message limit only: an oversized descriptor reaches the validator, which
        // answers OVERSIZE with the sizes, instead of the publisher seeing a bare stream reset
        case 1 -> d = r.bytes(MAX_MESSAGE);
        case 2 -> proof = r.bytes(MAX_IDENTITY_PROOF);
        default -> r.skip();
      }
    }
    if (d == null) {
      throw new WireFormatException("Register without a descriptor");
    }
    return new RegistryMessage.Register(d, proof);
  }

  private static RegistryMessage decodeWithdraw(ProtoReader r) throws WireFormatException {
    String id = null;
    long seq = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> id = r.string(MAX_ID);
        case 2 -> seq = r.varint();
        default -> r.skip();
      }
    }
    if (id == null || id.isEmpty()) {
      throw new WireFormatException("Withdraw without a capability id");
    }
    return new RegistryMessage.Withdraw(id, seq);
  }

  private static RegistryMessage decodeAck(ProtoReader r) throws WireFormatException {
    long status = -1;
    String reason = "";
    String detail = "";
    long expires = 0;
    long bits = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> status = r.varint();
        case 2 -> reason = r.string(MAX_REASON);
        case 3 -> detail = r.string(MAX_DETAIL);
        case 4 -> expires = r.varint();
        case 5 -> bits = r.varint();
        default -> r.skip();
      }
    }
    RegistryMessage.Status[] all = RegistryMessage.Status.values();
    if (status < 0 || status >= all.length) {
      throw new WireFormatException("Ack with unknown status " + status);
    }
    // what a registry asks is its policy, not a wire rule: read any value (a uint64 that wraps
    // negative, or anything over 255, as 255), so a client reads the refusal and decides itself
    int asked = bits < 0 || bits > MAX_ASKED_BITS ? MAX_ASKED_BITS : (int) bits;
    return new RegistryMessage.Ack(all[(int) status], reason, detail, expires, asked);
  }

  private static RegistryMessage decodeFound(ProtoReader r) throws WireFormatException {
    List<Bytes> out = new ArrayList<>();
    while (r.next()) {
      if (r.field() == 1) {
        if (out.size() == Query.MAX_LIMIT) {
          throw new WireFormatException("Found with more than " + Query.MAX_LIMIT + " entries");
        }
        out.add(r.bytes(DescriptorPolicy.DEFAULTS.maxBytes()));
      } else {
        r.skip();
      }
    }
    return new RegistryMessage.Found(out);
  }

  private static PeerId peer(Bytes multihash) throws WireFormatException {
    try {
      return new PeerId(multihash);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad peer id in Find: " + e.getMessage());
    }
  }

  static Bytes encodeQuery(Query q) {
    ProtoWriter w = new ProtoWriter().string(1, q.text());
    q.tags().forEach(t -> w.string(2, t.value()));
    w.varint(3, q.maxLatencyMs());
    q.maxPrice().ifPresent(p -> w.varint(4, Math.round(p * 1e6)));
    q.region().ifPresent(reg -> w.string(5, reg));
    w.varint(6, q.maxSideEffect().ordinal()).varint(7, q.minTier()).varint(8, q.limit());
    // scope (fields 9-11, absent when empty: an unscoped query encodes as it always did)
    q.exclude().stream().sorted().forEach(p -> w.bytes(9, p.multihash()));
    q.recall().forEach(p -> w.bytes(10, p.multihash()));
    if (q.offset() > 0) {
      w.varint(11, q.offset());
    }
    return w.toBytes();
  }

  static Query decodeQuery(ProtoReader r) throws WireFormatException {
    String text = "";
    List<CapabilityTag> tags = new ArrayList<>();
    long maxLatency = 0;
    Optional<Double> price = Optional.empty();
    Optional<String> region = Optional.empty();
    long side = SideEffect.IRREVERSIBLE.ordinal();
    long tier = 1;
    long limit = 10;
    Set<PeerId> exclude = new HashSet<>();
    List<PeerId> recall = new ArrayList<>();
    long offset = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> text = r.string(Query.MAX_TEXT * 4);
        case 2 -> {
          String t = r.string(CapabilityTag.MAX_LENGTH);
          if (!CapabilityTag.isValid(t) || tags.size() == Query.MAX_TAGS) {
            throw new WireFormatException("bad or too many tags in Find: " + t);
          }
          tags.add(new CapabilityTag(t));
        }
        case 3 -> maxLatency = r.varint();
        case 4 -> price = Optional.of(r.varint() / 1e6);
        case 5 -> region = Optional.of(r.string(MAX_REGION));
        case 6 -> side = r.varint();
        case 7 -> tier = r.varint();
        case 8 -> limit = r.varint();
        case 9 -> {
          if (exclude.size() == Query.MAX_EXCLUDE) {
            throw new WireFormatException("more than " + Query.MAX_EXCLUDE + " excluded peers");
          }
          exclude.add(peer(r.bytes(MAX_PEER)));
        }
        case 10 -> {
          if (recall.size() == Query.MAX_RECALL) {
            throw new WireFormatException("more than " + Query.MAX_RECALL + " recalled peers");
          }
          recall.add(peer(r.bytes(MAX_PEER)));
        }
        case 11 -> offset = r.varint();
        default -> r.skip();
      }
    }
    SideEffect[] effects = SideEffect.values();
    if (side < 0 || side >= effects.length) {
      throw new WireFormatException("unknown side-effect class " + side);
    }
    try {
      return new Query(
          text,
          tags,
          maxLatency,
          price,
          region,
          effects[(int) side],
          (int) Math.min(tier, 99),
          (int) Math.min(limit, 1000),
          exclude,
          recall,
          (int) Math.min(Math.max(offset, -1), Query.MAX_OFFSET + 1));
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("invalid Find: " + e.getMessage());
    }
  }
}
