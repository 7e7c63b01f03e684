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
