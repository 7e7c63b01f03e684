package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A point in the 256-bit Kademlia keyspace: {@code sha256(key)} (kad-dht spec, "Distance"). Peers
 * sit at the hash of their binary peer id, records at the hash of their key.
 */
public final class KadKey {

  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  // the 256-bit hash as four big-endian words: distances compare a word at a time
  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private KadKey(byte[] hash) {
    this.w0 = (long) WORDS.get(hash, 0);
    this.w1 = (long) WORDS.get(hash, 8);
    this.w2 = (long) WORDS.get(hash, 16);
    this.w3 = (long) WORDS.get(hash, 24);
  }

  /** The keyspace point of arbitrary key bytes. */
  public static KadKey of(Bytes key) {
    try {
      return new KadKey(MessageDigest.getInstance("SHA-256").digest(key.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The keyspace point of a peer: the hash of its binary peer id (its multihash). */
  public static KadKey of(PeerId peer) {
    return of(peer.multihash());
  }

  /** The point whose 32 hash bytes are {@code hash} (for random bucket refresh targets). */
  public static KadKey ofHash(Bytes hash) {
    if (hash.length() != 32) {
      throw new IllegalArgumentException("a Kademlia key hash has 32 bytes");
    }
    return new KadKey(hash.toByteArray());
  }

  /** The number of leading bits this key shares with {@code other} (256 when equal). */
  public int commonPrefixLength(KadKey other) {
    long x = w0 ^ other.w0;
    if (x != 0) {
      return Long.numberOfLeadingZeros(x);
    }
    x = w1 ^ other.w1;
    if (x != 0) {
      return 64 + Long.numberOfLeadingZeros(x);
    }
    x = w2 ^ other.w2;
    if (x != 0) {
      return 128 + Long.numberOfLeadingZeros(x);
    }
    x = w3 ^ other.w3;
    return x != 0 ? 192 + Long.numberOfLeadingZeros(x) : 256;
  }

  /** Orders {@code a} and {@code b} by XOR distance from this key (closer first). */
  public int compareDistance(KadKey a, KadKey b) {
    int c = Long.compareUnsigned(a.w0 ^ w0, b.w0 ^ w0);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.w1 ^ w1, b.w1 ^ w1);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(a.w2 ^ w2, b.w2 ^ w2);
    return c != 0 ? c : Long.compareUnsigned(a.w3 ^ w3, b.w3 ^ w3);
  }

  /** The hash bytes. */
  public Bytes hash() {
    byte[] out = new byte[32];
    WORDS.set(out, 0, w0);
    WORDS.set(out, 8, w1);
    WORDS.set(out, 16, w2);
    WORDS.set(out, 24, w3);
    return Bytes.wrap(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && w0 == k.w0 && w1 == k.w1 && w2 == k.w2 && w3 == k.w3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(w0 ^ w1 ^ w2 ^ w3);
  }

  @Override
  public String toString() {
    return "KadKey[" + hash().slice(0, 6).toHex() + "…]";
  }
}
