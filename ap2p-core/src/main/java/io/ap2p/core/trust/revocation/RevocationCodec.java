package io.ap2p.core.trust.revocation;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.identity.Ed25519;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;

/**
 * The wire encoding of a {@link SignedRevocation}, version 1 (protobuf):
 *
 * <pre>
 * SignedRevocation { bytes body = 1; bytes signature = 2; bytes countersignature = 3; }
 * Body { uint32 kind = 1;             // 1 descriptor, 2 rotation, 3 compromise
 *        bytes key = 2;               // 32-byte Ed25519 key of the revoked identity
 *        string capability_id = 3;    // kind 1 only
 *        uint64 up_to_seq = 4;        // kind 1 only
 *        bytes successor = 5;         // kind 2 only: 32-byte key
 *        uint64 issued_at_ms = 6; }
 * </pre>
 *
 * Strict: at most {@link #MAX_BYTES}; the body must be exactly the canonical encoding of what it
 * says (fields in this order, each once, nothing else), so a signed revocation has one encoding;
 * signatures are 64 bytes. Signatures are not checked here ({@link RevocationValidator} does).
 */
public final class RevocationCodec {

  /** Largest encoded signed revocation. */
  public static final int MAX_BYTES = 512;

  private RevocationCodec() {}

  /** The canonical body of {@code r}: the bytes its key signs. */
  public static Bytes encodeBody(Revocation r) {
    ProtoWriter w = new ProtoWriter().varint(1, r.kind()).bytes(2, r.key().raw());
    switch (r) {
      case Revocation.OfDescriptor d -> w.string(3, d.capabilityId()).varint(4, d.upToSeq());
      case Revocation.Rotation rot -> w.bytes(5, rot.successor().raw());
      case Revocation.Compromise c -> {}
    }
    return w.varint(6, r.issuedAtMillis()).toBytes();
  }

  /** Encodes {@code s}. */
  public static Bytes encode(SignedRevocation s) {
    ProtoWriter w = new ProtoWriter().bytes(1, s.body()).bytes(2, s.signature());
    if (s.countersignature().length() > 0) {
      w.bytes(3, s.countersignature());
    }
    return w.toBytes();
  }

  /**
   * Decodes a signed revocation, enforcing the limits and the canonical form.
   *
   * @throws WireFormatException if it is malformed, oversized or not canonical
   */
  public static SignedRevocation decode(Bytes data) throws WireFormatException {
    if (data.length() > MAX_BYTES) {
      throw new WireFormatException("revocation of " + data.length() + " bytes > " + MAX_BYTES);
    }
    ProtoReader r = new ProtoReader(data);
    Bytes body = null;
    Bytes sig = null;
    Bytes counter = Bytes.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> body = once(body, r.bytes(MAX_BYTES), "body");
        case 2 -> sig = once(sig, r.bytes(Ed25519.SIGNATURE_BYTES), "signature");
        case 3 -> counter = r.bytes(Ed25519.SIGNATURE_BYTES);
        default -> throw new WireFormatException("unknown revocation field " + r.field());
      }
    }
    if (body == null || sig == null || sig.length() != Ed25519.SIGNATURE_BYTES) {
      throw new WireFormatException("a revocation needs a body and a 64-byte signature");
    }
    Revocation rev = decodeBody(body);
    boolean rotation = rev instanceof Revocation.Rotation;
    if (rotation != (counter.length() == Ed25519.SIGNATURE_BYTES)
        || (!rotation && counter.length() != 0)) {
      throw new WireFormatException("a rotation, and only a rotation, has a 64-byte countersign");
    }
    SignedRevocation s = new SignedRevocation(rev, body, sig, counter);
    if (!encode(s).equals(data)) {
      throw new WireFormatException("revocation is not in canonical form");
    }
    return s;
  }

  private static <T> T once(T held, T value, String what) throws WireFormatException {
    if (held != null) {
      throw new WireFormatException("revocation with two " + what + " fields");
    }
    return value;
  }

  private static Revocation decodeBody(Bytes body) throws WireFormatException {
    ProtoReader r = new ProtoReader(body);
    long kind = -1;
    Bytes key = null;
    String id = null;
    long seq = -1;
    Bytes successor = null;
    long issued = -1;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> kind = r.varint();
        case 2 -> key = r.bytes(Ed25519.PUBLIC_KEY_BYTES);
        case 3 -> id = r.string(64);
        case 4 -> seq = r.varint();
        case 5 -> successor = r.bytes(Ed25519.PUBLIC_KEY_BYTES);
        case 6 -> issued = r.varint();
        default -> throw new WireFormatException("unknown revocation body field " + r.field());
      }
    }
    if (key == null || issued < 0) {
      throw new WireFormatException("a revocation body needs a key and a time");
    }
    Revocation rev;
    try {
      PublicKey k = PublicKey.ofRaw(key);
      rev =
          switch ((int) Math.min(kind, 99)) {
            case 1 -> {
              if (id == null || !CapabilityDescriptor.isValidId(id) || seq < 0) {
                throw new WireFormatException("a descriptor revocation needs an id and a seq");
              }
              yield new Revocation.OfDescriptor(k, id, seq, issued);
            }
            case 2 -> {
              if (successor == null) {
                throw new WireFormatException("a rotation needs a successor");
              }
              yield new Revocation.Rotation(k, PublicKey.ofRaw(successor), issued);
            }
            case 3 -> new Revocation.Compromise(k, issued);
            default -> throw new WireFormatException("unknown revocation kind " + kind);
          };
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("invalid revocation: " + e.getMessage());
    }
    if (!encodeBody(rev).equals(body)) {
      throw new WireFormatException("revocation body is not in canonical form");
    }
    return rev;
  }
}
