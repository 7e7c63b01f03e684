package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** k-buckets: capacity, old peers kept, closest peers exactly as brute force says. */
class RoutingTableTest {

  final List<PeerId> peers = KadTestPeers.make(400, 7);

  @Test
  void fullBucketsKeepTheirLongLivedPeers() {
    RoutingTable t = new RoutingTable(peers.get(0), 2);
    int full = 0;
    for (PeerId p : peers.subList(1, peers.size())) {
      if (t.observe(p) == RoutingTable.Insert.BUCKET_FULL) {
        full++;
        PeerId oldest = t.oldestInBucketOf(p);
        assertThat(oldest).isNotNull();
        assertThat(t.contains(oldest)).isTrue();
        assertThat(t.contains(p)).isFalse();
      }
    }
    assertThat(full).isPositive();
    assertThat(t.observe(peers.get(0))).isEqualTo(RoutingTable.Insert.SELF);
    PeerId known = t.closest(KadKey.of(peers.get(0)), 1).get(0);
    assertThat(t.observe(known)).isEqualTo(RoutingTable.Insert.REFRESHED);
    int before = t.size();
    assertThat(t.remove(known)).isTrue();
    assertThat(t.size()).isEqualTo(before - 1);
  }

  @Property(tries = 20)
  void closestMatchesBruteForce(@ForAll @IntRange(min = 0, max = 399) int targetIndex) {
    RoutingTable t = new RoutingTable(peers.get(0), 400);
    peers.subList(1, peers.size()).forEach(t::observe);
    KadKey target = KadKey.of(peers.get(targetIndex));
    List<PeerId> expected = new ArrayList<>(peers.subList(1, peers.size()));
    expected.sort(
        Comparator.<PeerId, KadKey>comparing(KadKey::of, target::compareDistance)
            .thenComparing(p -> p));
    assertThat(t.closest(target, 20)).isEqualTo(expected.subList(0, 20));
  }

  @Property(tries = 50)
  void behavesAsLeastRecentlySeenBucketsAndAnswersAsBruteForce(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int k) {
    // reference: per shared-prefix length, peers in least-recently-seen order (a LinkedHashMap)
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    PeerId self = peers.get(r.nextInt(peers.size()));
    KadKey selfKey = KadKey.of(self);
    java.util.Map<PeerId, KadKey> shared = new java.util.HashMap<>();
    RoutingTable t = new RoutingTable(self, k, p -> shared.computeIfAbsent(p, KadKey::of));
    java.util.Map<Integer, java.util.LinkedHashMap<PeerId, Boolean>> model =
        new java.util.HashMap<>();
    for (int step = 0; step < 600; step++) {
      PeerId p = peers.get(r.nextInt(peers.size()));
      var bucket =
          model.computeIfAbsent(
              Math.min(selfKey.commonPrefixLength(KadKey.of(p)), 255),
              i -> new java.util.LinkedHashMap<>());
      if (r.nextInt(5) == 0) {
        assertThat(t.remove(p)).isEqualTo(!p.equals(self) && bucket.remove(p) != null);
      } else {
        RoutingTable.Insert got = t.observe(p);
        RoutingTable.Insert want;
        if (p.equals(self)) {
          want = RoutingTable.Insert.SELF;
        } else if (bucket.remove(p) != null) {
          bucket.put(p, true);
          want = RoutingTable.Insert.REFRESHED;
        } else if (bucket.size() >= k) {
          want = RoutingTable.Insert.BUCKET_FULL;
        } else {
          bucket.put(p, true);
          want = RoutingTable.Insert.ADDED;
        }
        assertThat(got).isEqualTo(want);
        if (!p.equals(self)) {
          assertThat(t.oldestInBucketOf(p))
              .isEqualTo(bucket.isEmpty() ? null : bucket.keySet().iterator().next());
        }
      }
    }
    List<PeerId> held = new ArrayList<>();
    model.values().forEach(b -> held.addAll(b.keySet()));
    assertThat(t.size()).isEqualTo(held.size());
    byte[] random = new byte[32];
    r.nextBytes(random);
    for (KadKey target :
        List.of(
            selfKey,
            KadKey.of(peers.get(r.nextInt(peers.size()))),
            KadKey.ofHash(io.ap2p.core.wire.Bytes.wrap(random)))) {
      List<PeerId> expected = new ArrayList<>(held);
      expected.sort(
          Comparator.<PeerId, KadKey>comparing(KadKey::of, target::compareDistance)
              .thenComparing(p -> p));
      for (int n : new int[] {1, 3, 20, held.size() + 5}) {
        assertThat(t.closest(target, n))
            .isEqualTo(expected.subList(0, Math.min(n, expected.size())));
      }
    }
  }

  @Test
  void equalKeysAreOrderedByPeerId() {
    // only a key function that maps several peers to one point makes distances tie
    List<KadKey> points = List.of(KadKey.of(peers.get(1)), KadKey.of(peers.get(2)));
    java.util.function.Function<PeerId, KadKey> keys =
        p -> p.equals(peers.get(0)) ? KadKey.of(p) : points.get(Math.floorMod(p.hashCode(), 2));
    RoutingTable t = new RoutingTable(peers.get(0), 400, keys);
    peers.subList(1, 60).forEach(t::observe);
    KadKey target = points.get(0);
    List<PeerId> expected = new ArrayList<>(peers.subList(1, 60));
    expected.sort(
        Comparator.<PeerId, KadKey>comparing(keys, target::compareDistance).thenComparing(p -> p));
    assertThat(t.closest(target, 59)).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void wordWiseDistanceAgreesWithBytes(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 32) int shared) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    byte[] t = new byte[32];
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    r.nextBytes(t);
    r.nextBytes(a);
    r.nextBytes(b);
    System.arraycopy(t, 0, a, 0, shared); // long common prefixes reach the later words
    System.arraycopy(t, 0, b, 0, Math.min(32, shared + r.nextInt(3)));
    KadKey kt = KadKey.ofHash(io.ap2p.core.wire.Bytes.wrap(t));
    KadKey ka = KadKey.ofHash(io.ap2p.core.wire.Bytes.wrap(a));
    KadKey kb = KadKey.ofHash(io.ap2p.core.wire.Bytes.wrap(b));
    int cpl = 256;
    int cmp = 0;
    for (int i = 0; i < 32; i++) {
      int x = (t[i] ^ a[i]) & 0xff;
      if (x != 0 && cpl == 256) {
        cpl = i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
      int da = (t[i] ^ a[i]) & 0xff;
      int db = (t[i] ^ b[i]) & 0xff;
      if (cmp == 0 && da != db) {
        cmp = Integer.compare(da, db);
      }
    }
    assertThat(kt.commonPrefixLength(ka)).isEqualTo(cpl);
    assertThat(Integer.signum(kt.compareDistance(ka, kb))).isEqualTo(cmp);
    assertThat(ka.hash().toByteArray()).isEqualTo(a);
    assertThat(ka).isEqualTo(KadKey.ofHash(io.ap2p.core.wire.Bytes.wrap(a.clone())));
  }

  @Test
  void commonPrefixLengthIsConsistentWithDistance() {
    KadKey a = KadKey.of(peers.get(1));
    assertThat(a.commonPrefixLength(a)).isEqualTo(256);
    for (PeerId p : peers.subList(2, 50)) {
      KadKey b = KadKey.of(p);
      assertThat(a.commonPrefixLength(b)).isBetween(0, 255);
      assertThat(b.commonPrefixLength(a)).isEqualTo(a.commonPrefixLength(b));
    }
  }
}
