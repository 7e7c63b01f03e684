package io.ap2p.core.trust.revocation;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The revocations a {@link Revocations} table holds, in the order it evicts them when full: the
 * lowest use first (0: none), and of equal use the one taken first. Not thread-safe.
 */
final class Eviction {

  /** One held revocation with the use it was ranked at. */
  record Ranked(long use, long order, SignedRevocation revocation) implements Comparable<Ranked> {
    @Override
    public int compareTo(Ranked o) {
      int c = Long.compare(use, o.use);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final TreeSet<Ranked> order = new TreeSet<>();
  private final Map<SignedRevocation, Ranked> ranks = new HashMap<>();
  private long next;
  private int useless;

  /** Ranks {@code s} at {@code use}, after everything of equal use held. */
  void add(SignedRevocation s, long use) {
    remove(s);
    Ranked r = new Ranked(use, next++, s);
    ranks.put(s, r);
    order.add(r);
    useless += use <= 0 ? 1 : 0;
  }

  /** Forgets {@code s}, if it was ranked. */
  void remove(SignedRevocation s) {
    Ranked r = ranks.remove(s);
    if (r != null) {
      order.remove(r);
      useless -= r.use() <= 0 ? 1 : 0;
    }
  }

  /** The first to go, or null when nothing is held. */
  Ranked lowest() {
    return order.isEmpty() ? null : order.first();
  }

  /**
   * What to evict for a revocation of use {@code u}: the lowest, once ranked anew by {@code use}
   * (if it is of more use now, say its key came back, it stays ranked higher, at most {@value
   * #MAX_RERANK} times a call); null if that one is of more use than {@code u}, or of as much and
   * {@code equalGoes} is false (revocations of no use always make room for each other).
   */
  SignedRevocation victim(
      long u, java.util.function.ToLongFunction<Revocation> use, boolean equalGoes) {
    for (int reranked = 0; !order.isEmpty(); reranked++) {
      Ranked low = order.first();
      long now = reranked < MAX_RERANK ? use.applyAsLong(low.revocation().revocation()) : 0;
      if (now > low.use()) {
        add(low.revocation(), now);
        continue;
      }
      boolean goes = low.use() < u || (low.use() == u && (equalGoes || u <= 0));
      return goes ? low.revocation() : null;
    }
    return null;
  }

  /** Most revocations {@link #victim} ranks anew in one call. */
  static final int MAX_RERANK = 8;

  /** How many are ranked as of no use. */
  int useless() {
    return useless;
  }
}
