package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lookups over an in-memory network of routing tables (each peer knows a random part of the
 * network, as after bootstrap): they find the true closest peers, survive dead peers, and find
 * providers, in a few hops.
 */
class LookupTest {

  static final int N = 300;
  static final int K = 20;
  final List<PeerId> peers = KadTestPeers.make(N, 99);
  final Map<PeerId, RoutingTable> tables = new HashMap<>();

  LookupTest() {
    SplittableRandom r = new SplittableRandom(5);
    for (PeerId p : peers) {
      RoutingTable t = new RoutingTable(p, K);
      for (int i = 0; i < 60; i++) {
        t.observe(peers.get(r.nextInt(N)));
      }
      tables.put(p, t);
    }
  }

  record Outcome(Lookup lookup, int rounds) {}

  /** Drives one lookup to the end, answering from the tables; {@code dead} never answer. */
  Outcome run(PeerId from, KadKey target, Set<PeerId> dead, Set<PeerId> providers, int want) {
    Lookup l = new Lookup(target, from, tables.get(from).closest(target, K), K, 3, want);
    ArrayDeque<PeerId> queue = new ArrayDeque<>(l.start());
    int rounds = 0;
    while (!queue.isEmpty()) {
      rounds++;
      PeerId p = queue.poll();
      List<PeerId> next;
      if (dead.contains(p)) {
        next = l.onFailure(p);
      } else {
        List<PeerId> found = providers.contains(p) ? List.of(p) : List.of();
        next = l.onAnswer(p, tables.get(p).closest(target, K), found);
      }
      queue.addAll(next);
    }
    assertThat(l.isDone()).isTrue();
    return new Outcome(l, rounds);
  }

  List<PeerId> trueClosest(KadKey target, Set<PeerId> exclude, int n) {
    List<PeerId> all = new ArrayList<>(peers);
    all.removeAll(exclude);
    all.sort(
        Comparator.<PeerId, KadKey>comparing(KadKey::of, target::compareDistance)
            .thenComparing(p -> p));
    return all.subList(0, n);
  }

  @Test
  void findsTheTrueClosestPeers() {
    int exact = 0;
    for (int i = 0; i < 20; i++) {
      PeerId from = peers.get(i);
      KadKey target = KadKey.of(peers.get(N - 1 - i));
      Outcome o = run(from, target, Set.of(), Set.of(), 0);
      List<PeerId> expected = trueClosest(target, Set.of(from), K);
      List<PeerId> got = o.lookup().closest();
      assertThat(got).hasSize(K);
      long overlap = got.stream().filter(expected::contains).count();
      assertThat(overlap).as("overlap with the true %d closest", K).isGreaterThanOrEqualTo(K - 2);
      if (got.get(0).equals(expected.get(0))) {
        exact++;
      }
      assertThat(o.lookup().hops()).isBetween(1, 8);
    }
    assertThat(exact).isEqualTo(20); // the very closest is always found
  }

  @Test
  void survivesDeadPeers() {
    SplittableRandom r = new SplittableRandom(11);
    Set<PeerId> dead = new HashSet<>();
    while (dead.size() < N / 5) {
      dead.add(peers.get(r.nextInt(N)));
    }
    PeerId from = peers.stream().filter(p -> !dead.contains(p)).findFirst().orElseThrow();
    KadKey target = KadKey.of(peers.get(200));
    Outcome o = run(from, target, dead, Set.of(), 0);
    Set<PeerId> exclude = new HashSet<>(dead);
    exclude.add(from);
    assertThat(o.lookup().closest()).doesNotContainAnyElementsOf(dead);
    assertThat(o.lookup().closest().get(0)).isEqualTo(trueClosest(target, exclude, 1).get(0));
  }

  @Test
  void providerLookupStopsWhenEnoughAreFound() {
    KadKey target = KadKey.of(peers.get(150));
    Set<PeerId> providers = new HashSet<>(trueClosest(target, Set.of(), 5));
    Outcome o = run(peers.get(3), target, Set.of(), providers, 2);
    assertThat(o.lookup().providers()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(providers).containsAll(o.lookup().providers());
    Outcome full = run(peers.get(3), target, Set.of(), Set.of(), 0);
    assertThat(o.lookup().requests()).isLessThanOrEqualTo(full.lookup().requests());
  }

  @Test
  void unsolicitedAndDuplicateAnswersAreIgnored() {
    PeerId from = peers.get(0);
    KadKey target = KadKey.of(peers.get(1));
    Lookup l = new Lookup(target, from, tables.get(from).closest(target, K), K, 3, 0);
    List<PeerId> first = l.start();
    assertThat(first).hasSize(3);
    PeerId stranger =
        peers.stream().filter(p -> !first.contains(p)).skip(5).findFirst().orElseThrow();
    assertThat(l.onAnswer(stranger, List.of(), List.of())).isEmpty();
    l.onAnswer(first.get(0), List.of(), List.of());
    assertThat(l.onAnswer(first.get(0), List.of(), List.of())).isEmpty();
    assertThat(l.onFailure(first.get(0))).isEmpty();
  }
}
