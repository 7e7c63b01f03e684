package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  // bucket i holds peers sharing exactly i leading bits with self; allocated on first use, so a
  // node costs memory for the ~log2(N) buckets it fills, not 256 (the simulator runs 10^6 nodes)
  private final List<Map<PeerId, KadKey>> buckets = new ArrayList<>();
  private int size;

  /** An empty table for {@code self} with bucket size {@code k}. */
  public RoutingTable(PeerId self, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive");
    }
    this.self = self;
    this.selfKey = KadKey.of(self);
    this.k = k;
  }

  /** The local peer. */
  public PeerId self() {
    return self;
  }

  /** Records that {@code peer} was seen alive (it answered, or we answered it in server mode). */
  public Insert observe(PeerId peer) {
    if (peer.equals(self)) {
      return Insert.SELF;
    }
    KadKey key = KadKey.of(peer);
    Map<PeerId, KadKey> bucket = bucket(bucketIndex(key), true);
    if (bucket.remove(peer) != null) {
      bucket.put(peer, key);
      return Insert.REFRESHED;
    }
    if (bucket.size() >= k) {
      return Insert.BUCKET_FULL;
    }
    bucket.put(peer, key);
    size++;
    return Insert.ADDED;
  }

  /** Removes {@code peer} (it failed or misbehaved); true if it was there. */
  public boolean remove(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    Map<PeerId, KadKey> bucket = bucket(bucketIndex(KadKey.of(peer)), false);
    boolean removed = bucket != null && bucket.remove(peer) != null;
    if (removed) {
      size--;
    }
    return removed;
  }

  /** The least recently seen peer of the bucket {@code peer} would go in, or null if empty. */
  public PeerId oldestInBucketOf(PeerId peer) {
    Map<PeerId, KadKey> bucket = bucket(bucketIndex(KadKey.of(peer)), false);
    return bucket == null || bucket.isEmpty() ? null : bucket.keySet().iterator().next();
  }

  /** Whether {@code peer} is in the table. */
  public boolean contains(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    Map<PeerId, KadKey> bucket = bucket(bucketIndex(KadKey.of(peer)), false);
    return bucket != null && bucket.containsKey(peer);
  }

  /** Up to {@code n} known peers closest to {@code target}, closest first. */
  public List<PeerId> closest(KadKey target, int n) {
    List<Map.Entry<PeerId, KadKey>> all = new ArrayList<>(size);
    for (Map<PeerId, KadKey> b : buckets) {
      if (b != null) {
        all.addAll(b.entrySet());
      }
    }
    all.sort(
        Comparator.<Map.Entry<PeerId, KadKey>, KadKey>comparing(
                Map.Entry::getValue, target::compareDistance)
            .thenComparing(Map.Entry::getKey));
    List<PeerId> out = new ArrayList<>(Math.min(n, all.size()));
    for (int i = 0; i < all.size() && i < n; i++) {
      out.add(all.get(i).getKey());
    }
    return out;
  }

  /** The indices (shared-prefix lengths) of non-empty buckets, for periodic refresh. */
  public List<Integer> nonEmptyBuckets() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      if (buckets.get(i) != null && !buckets.get(i).isEmpty()) {
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

  private Map<PeerId, KadKey> bucket(int index, boolean create) {
    if (index >= buckets.size()) {
      if (!create) {
        return null;
      }
      while (buckets.size() <= index) {
        buckets.add(null);
      }
    }
    Map<PeerId, KadKey> b = buckets.get(index);
    if (b == null && create) {
      b = new LinkedHashMap<>(4);
      buckets.set(index, b);
    }
    return b;
  }

  private int bucketIndex(KadKey key) {
    return Math.min(selfKey.commonPrefixLength(key), 255);
  }
}
