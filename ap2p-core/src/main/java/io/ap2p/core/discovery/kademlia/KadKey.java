package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A point in the 256-bit Kademlia keyspace: {@code sha256(key)} (kad-dht spec, "Distance"). Peers
 * sit at the hash of their binary peer id, records at the hash of their key.
 */
public final class KadKey {

  private final byte[] hash;

  private KadKey(byte[] hash) {
    this.hash = hash;
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
    for (int i = 0; i < 32; i++) {
      int x = (hash[i] ^ other.hash[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return 256;
  }

  /** Orders {@code a} and {@code b} by XOR distance from this key (closer first). */
  public int compareDistance(KadKey a, KadKey b) {
    for (int i = 0; i < 32; i++) {
      int da = (a.hash[i] ^ hash[i]) & 0xFF;
      int db = (b.hash[i] ^ hash[i]) & 0xFF;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** The hash bytes. */
  public Bytes hash() {
    return Bytes.of(hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && Arrays.equals(hash, k.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "KadKey[" + Bytes.of(hash, 0, 6).toHex() + "…]";
  }
}
