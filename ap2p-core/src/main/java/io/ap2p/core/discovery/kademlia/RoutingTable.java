package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Kademlia k-buckets (kad-dht spec, "Kademlia routing table"): for each shared-prefix length with
 * the local key, at most {@code k} peers in least-recently-seen order. A full bucket keeps its
 * long-lived peers (they are likelier to stay, and a flood of fresh identities cannot displace
 * them); the caller may check the oldest and {@link #remove} it if it is dead.
 */
public final class RoutingTable {

  /** What {@link #observe} did. */
  public enum Insert {
    /** The peer was new and is now in its bucket. */
    ADDED,
    /** The peer was known and moved to the most-recently-seen end. */
    REFRESHED,
    /** The bucket is full; the peer was not added. */
    BUCKET_FULL,
    /** The peer is the local node. */
    SELF
  }

  private final PeerId self;
  private final KadKey selfKey;
  private final int k;
  private final Function<PeerId, KadKey> keys;
  // bucket i holds peers sharing exactly i leading bits with self; allocated on first use, so a
  // node costs memory for the ~log2(N) buckets it fills, not 256 (the simulator runs 10^6 nodes)
  private Bucket[] buckets = new Bucket[0];
  private int size;

  /** An empty table for {@code self} with bucket size {@code k}. */
  public RoutingTable(PeerId self, int k) {
    this(self, k, KadKey::of);
  }

  /**
   * An empty table that takes each peer's keyspace point from {@code keys}, which must give what
   * {@link KadKey#of(PeerId)} gives (a simulator shares one point per peer among all its tables
   * instead of hashing again for each).
   */
  public RoutingTable(PeerId self, int k, Function<PeerId, KadKey> keys) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    this.self = self;
    this.keys = keys;
    this.selfKey = keys.apply(self);
    this.k = k;
  }

  /** The local peer. */
  public PeerId self() {
    return self;
  }

  /** The local peer's keyspace point. */
  public KadKey selfKey() {
    return selfKey;
  }

  /** The keyspace point of {@code peer}, as this table computes it. */
  public KadKey keyOf(PeerId peer) {
    return keys.apply(peer);
  }

  /** Records that {@code peer} was seen alive (it answered, or we answered it in server mode). */
  public Insert observe(PeerId peer) {
    if (peer.equals(self)) {
      return Insert.SELF;
    }
    KadKey key = keys.apply(peer);
    Bucket bucket = bucket(bucketIndex(key), true);
    int at = bucket.indexOf(peer);
    if (at >= 0) {
      bucket.moveToEnd(at);
      return Insert.REFRESHED;
    }
    if (bucket.n >= k) {
      return Insert.BUCKET_FULL;
    }
    bucket.add(peer, key);
    size++;
    return Insert.ADDED;
  }

  /** Removes {@code peer} (it failed or misbehaved); true if it was there. */
  public boolean remove(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    Bucket bucket = bucket(bucketIndex(keys.apply(peer)), false);
    int at = bucket == null ? -1 : bucket.indexOf(peer);
    if (at < 0) {
      return false;
    }
    bucket.removeAt(at);
    size--;
    return true;
  }

  /** The least recently seen peer of the bucket {@code peer} would go in, or null if empty. */
  public PeerId oldestInBucketOf(PeerId peer) {
    Bucket bucket = bucket(bucketIndex(keys.apply(peer)), false);
    return bucket == null || bucket.n == 0 ? null : bucket.peers[0];
  }

  /** Whether {@code peer} is in the table. */
  public boolean contains(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    Bucket bucket = bucket(bucketIndex(keys.apply(peer)), false);
    return bucket != null && bucket.indexOf(peer) >= 0;
  }

  /**
   * Up to {@code n} known peers closest to {@code target}, closest first (ties, which only equal
   * keys make, by peer id).
   *
   * <p>With {@code c} the length of the prefix {@code target} shares with the local key, the XOR
   * distance orders whole buckets: peers of bucket {@code c} share more than {@code c} bits with
   * the target, those of every deeper bucket exactly {@code c}, and those of a shallower bucket
   * {@code i} exactly {@code i}. So only the buckets that contribute are sorted, not the table.
   */
  public List<PeerId> closest(KadKey target, int n) {
    List<PeerId> out = new ArrayList<>(Math.min(n, size));
    int c = bucketIndex(target);
    List<Slot> group = new ArrayList<>();
    if (c < buckets.length) {
      collect(buckets[c], group);
    }
    take(group, target, n, out);
    group.clear();
    for (int i = c + 1; i < buckets.length && out.size() < n; i++) {
      collect(buckets[i], group);
    }
    take(group, target, n, out);
    for (int i = Math.min(c, buckets.length) - 1; i >= 0 && out.size() < n; i--) {
      group.clear();
      collect(buckets[i], group);
      take(group, target, n, out);
    }
    return out;
  }

  private record Slot(PeerId peer, KadKey key) {}

  private static void collect(Bucket b, List<Slot> into) {
    if (b != null) {
      for (int j = 0; j < b.n; j++) {
        into.add(new Slot(b.peers[j], b.keys[j]));
      }
    }
  }

  private static void take(List<Slot> group, KadKey target, int n, List<PeerId> out) {
    if (group.isEmpty() || out.size() >= n) {
      return;
    }
    group.sort(
        Comparator.<Slot, KadKey>comparing(Slot::key, target::compareDistance)
            .thenComparing(Slot::peer));
    for (int i = 0; i < group.size() && out.size() < n; i++) {
      out.add(group.get(i).peer());
    }
  }

  /** The indices (shared-prefix lengths) of non-empty buckets, for periodic refresh. */
  public List<Integer> nonEmptyBuckets() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] != null && buckets[i].n > 0) {
        out.add(i);
      }
    }
    return out;
  }

  /** The number of peers held. */
  public int size() {
    return size;
  }

  /** The bucket size. */
  public int k() {
    return k;
  }

  private Bucket bucket(int index, boolean create) {
    if (index >= buckets.length) {
      if (!create) {
        return null;
      }
      buckets = Arrays.copyOf(buckets, index + 1);
    }
    Bucket b = buckets[index];
    if (b == null && create) {
      b = new Bucket();
      buckets[index] = b;
    }
    return b;
  }

  private int bucketIndex(KadKey key) {
    return Math.min(selfKey.commonPrefixLength(key), 255);
  }

  /** One k-bucket: peers and their keys in parallel arrays, least recently seen first. */
  private static final class Bucket {
    PeerId[] peers = new PeerId[4];
    KadKey[] keys = new KadKey[4];
    int n;

    int indexOf(PeerId peer) {
      for (int i = 0; i < n; i++) {
        if (peers[i].equals(peer)) {
          return i;
        }
      }
      return -1;
    }

    void add(PeerId peer, KadKey key) {
      if (n == peers.length) {
        peers = Arrays.copyOf(peers, 2 * n);
        keys = Arrays.copyOf(keys, 2 * n);
      }
      peers[n] = peer;
      keys[n] = key;
      n++;
    }

    void moveToEnd(int at) {
      PeerId p = peers[at];
      KadKey key = keys[at];
      System.arraycopy(peers, at + 1, peers, at, n - at - 1);
      System.arraycopy(keys, at + 1, keys, at, n - at - 1);
      peers[n - 1] = p;
      keys[n - 1] = key;
    }

    void removeAt(int at) {
      System.arraycopy(peers, at + 1, peers, at, n - at - 1);
      System.arraycopy(keys, at + 1, keys, at, n - at - 1);
      n--;
      peers[n] = null;
      keys[n] = null;
    }
  }
}
