package io.ap2p.core.identity;

import io.ap2p.core.wire.BaseN;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Multibase;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A libp2p peer id: the multihash of a public key's protobuf encoding (peer-ids spec). Ed25519 keys
 * are inlined with the identity multihash, so the id carries its own key and prints as {@code
 * 12D3KooW…}; sha2-256 ids ({@code Qm…}) of other key types can be parsed and compared but carry no
 * key.
 *
 * <p>Immutable; equality is that of the multihash. An inline key is decoded once, at construction,
 * so verifying under a peer id costs no extra point decompression.
 */
public final class PeerId implements Comparable<PeerId> {

  /** Multihash code of the identity hash. */
  static final int IDENTITY = 0x00;

  /** Multihash code of sha2-256. */
  static final int SHA2_256 = 0x12;

  /** Multicodec of libp2p public keys in CIDs. */
  static final int LIBP2P_KEY_CODEC = 0x72;

  /** Longest inline key the spec allows under the identity hash. */
  static final int MAX_INLINE = 42;

  // Ids parsed lately, by their text: holders read the same few ids over and over (the attestors
  // every descriptor names, their regular peers), and decoding an inline key's curve point is most
  // of a parse. A cached id is immutable and equal to a fresh parse, so sharing it is invisible.
  // Two generations of at most RECENT_MAX ids each: when the young one fills up it becomes the old
  // one, and an id found in the old one moves back to the young, so ids in steady use survive a
  // stream of new ones (a flood of fresh identities cannot flush the attestors out).
  private static final int RECENT_MAX = 4096;
  private static volatile Map<String, PeerId> young = new ConcurrentHashMap<>();
  private static volatile Map<String, PeerId> old = Map.of();

  private final Bytes multihash;
  private final PublicKey inlineKey; // null for hashed ids
  private String base58; // computed on first use; a benign race, like String's hash
  private int hash; // likewise: ids key every routing table, store and index

  /**
   * The peer id whose multihash is {@code multihash}.
   *
   * @throws IllegalArgumentException unless it is an identity multihash (≤ 42 bytes) of a valid
   *     Ed25519 key or a sha2-256 multihash
   */
  public PeerId(Bytes multihash) {
    byte[] mh = multihash.toByteArray();
    if (mh.length < 2) {
      throw new IllegalArgumentException("peer id multihash is too short");
    }
    int code = mh[0] & 0xFF;
    int len = mh[1] & 0xFF;
    if (len != mh.length - 2) {
      throw new IllegalArgumentException("peer id multihash length does not match its digest");
    }
    if (code == IDENTITY) {
      if (len > MAX_INLINE) {
        throw new IllegalArgumentException("inline peer id key is longer than 42 bytes");
      }
      try {
        this.inlineKey = inlineKey(multihash);
      } catch (KeyFormatException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    } else if (code == SHA2_256) {
      if (len != 32) {
        throw new IllegalArgumentException("sha2-256 peer id digest must have 32 bytes");
      }
      this.inlineKey = null;
    } else {
      throw new IllegalArgumentException(
          "peer id multihash code 0x" + Integer.toHexString(code) + " is not identity or sha2-256");
    }
    this.multihash = multihash;
  }

  private PeerId(Bytes multihash, PublicKey key) {
    this.multihash = multihash;
    this.inlineKey = key;
  }

  /** The multihash bytes (code, length, digest). */
  public Bytes multihash() {
    return multihash;
  }

  /** The peer id of {@code key}: its protobuf encoding under the identity multihash. */
  public static PeerId of(PublicKey key) {
    Bytes proto = key.protobuf();
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 + proto.length());
    out.write(IDENTITY);
    out.write(proto.length());
    out.writeBytes(proto.toByteArray());
    return new PeerId(Bytes.wrap(out.toByteArray()), key);
  }

  /**
   * Parses a peer id in either text form: a bare base58btc multihash ({@code 12D3KooW…}, {@code
   * Qm…}) or a CIDv1 with the {@code libp2p-key} codec in multibase ({@code bafz…}, {@code k51…}).
   *
   * @throws KeyFormatException naming what is wrong with the text
   */
  public static PeerId parse(String text) throws KeyFormatException {
    if (text == null || text.isEmpty()) {
      throw new KeyFormatException("peer id is empty");
    }
    if (text.length() > 128) {
      throw new KeyFormatException("peer id is longer than 128 characters");
    }
    PeerId known = young.get(text);
    if (known == null) {
      known = old.get(text);
      if (known != null) {
        remember(text, known);
      }
    }
    if (known != null) {
      return known;
    }
    PeerId id = decode(text);
    remember(text, id);
    return id;
  }

  private static void remember(String text, PeerId id) {
    Map<String, PeerId> y = young;
    if (y.size() >= RECENT_MAX) {
      synchronized (PeerId.class) {
        if (young == y) { // one rotation per generation, however many threads see it full
          old = y;
          young = new ConcurrentHashMap<>();
        }
      }
      y = young;
    }
    y.put(text, id);
  }

  private static PeerId decode(String text) throws KeyFormatException {
    try {
      if (text.startsWith("1") || text.startsWith("Qm")) {
        return fromMultihash(BaseN.BASE58_BTC.decode(text));
      }
      byte[] cid = Multibase.decode(text).toByteArray();
      Varint.Read version = Varint.read(cid, 0, cid.length);
      if (version.value() != 1) {
        throw new KeyFormatException("peer id CID must be version 1, is " + version.value());
      }
      Varint.Read codec = Varint.read(cid, version.next(), cid.length);
      if (codec.value() != LIBP2P_KEY_CODEC) {
        throw new KeyFormatException(
            "peer id CID must have the libp2p-key codec (0x72), has 0x"
                + Long.toHexString(codec.value()));
      }
      return fromMultihash(Bytes.of(cid, codec.next(), cid.length - codec.next()));
    } catch (WireFormatException e) {
      throw new KeyFormatException("not a peer id: " + e.getMessage());
    }
  }

  private static PeerId fromMultihash(Bytes mh) throws KeyFormatException {
    try {
      return new PeerId(mh);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("not a peer id: " + e.getMessage());
    }
  }

  /** The public key inlined in this id, or empty for a hashed (sha2-256) id. */
  public Optional<PublicKey> publicKey() {
    return Optional.ofNullable(inlineKey);
  }

  private static PublicKey inlineKey(Bytes multihash) throws KeyFormatException {
    Bytes proto = multihash.slice(2, multihash.length());
    Bytes raw = KeyProtobuf.decodeEd25519(proto, KeyProtobuf.Kind.PUBLIC);
    PublicKey key;
    try {
      key = PublicKey.ofRaw(raw);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("peer id holds an invalid Ed25519 key: " + e.getMessage());
    }
    if (!key.protobuf().equals(proto)) {
      throw new KeyFormatException("peer id key is not deterministically encoded");
    }
    return key;
  }

  /** The base58btc text form ({@code 12D3KooW…}). */
  public String toBase58() {
    String s = base58;
    if (s == null) {
      s = BaseN.BASE58_BTC.encode(multihash);
      base58 = s;
    }
    return s;
  }

  /** The CIDv1 text form in base32 ({@code bafz…}). */
  public String toCid() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(multihash.length() + 2);
    Varint.write(1, out);
    Varint.write(LIBP2P_KEY_CODEC, out);
    out.writeBytes(multihash.toByteArray());
    return Multibase.encodeBase32(Bytes.wrap(out.toByteArray()));
  }

  /** The last characters of the id, for compact display. */
  public String shortForm() {
    String s = toBase58();
    return s.length() <= 10 ? s : "…" + s.substring(s.length() - 8);
  }

  @Override
  public int compareTo(PeerId o) {
    return multihash.compareTo(o.multihash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && multihash.equals(p.multihash);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = multihash.hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
