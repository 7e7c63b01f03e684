package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.QosClaims;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Matches and ranks descriptors for a query: hard filter, then tag and text relevance, then claimed
 * QoS and the requester's trust. Deterministic and independent of input order (ties break by peer
 * id, then capability id).
 */
public final class Matcher {

  /** The ranking order: total score descending, then peer id (base58), then capability id. */
  public static final Comparator<Match> ORDER =
      Comparator.comparingDouble((Match m) -> -m.score().total())
          .thenComparing(m -> m.descriptor().descriptor().peer().toBase58())
          .thenComparing(m -> m.descriptor().descriptor().id());

  private final RankingWeights weights;

  /** A matcher with the given weights. */
  public Matcher(RankingWeights weights) {
    this.weights = weights;
  }

  /** The weights this matcher ranks with. */
  public RankingWeights weights() {
    return weights;
  }

  /**
   * The weighted total of the components, exactly as {@link #rank} computes it (same operations in
   * the same order, so an index that precomputes it gets the same bits).
   */
  public double total(double tag, double text, double qos, double trust) {
    double sum = weights.tag() + weights.text() + weights.qos() + weights.trust();
    return (weights.tag() * tag
            + weights.text() * text
            + weights.qos() * qos
            + weights.trust() * trust)
        / sum;
  }

  /** The matches of {@code query} among {@code candidates}, best first, at most its limit. */
  public List<Match> rank(Query query, List<SignedDescriptor> candidates, TrustView trust) {
    return rank(query, candidates, trust, 0, 0);
  }

  /**
   * Like {@link #rank(Query, List, TrustView)}, except that when more matches exist than the limit,
   * the last {@code explore} places go to matches from beyond the best, picked uniformly by a hash
   * of {@code salt} and their key (so the pick does not depend on the candidates' order), and
   * follow the best in rank order. Announcements rank the answer, and whoever can make more
   * attractive announcements than the limit could otherwise fill all of it; the explored places
   * keep part of every answer out of their reach.
   */
  public List<Match> rank(
      Query query, List<SignedDescriptor> candidates, TrustView trust, int explore, long salt) {
    List<SignedDescriptor> passing = new ArrayList<>();
    for (SignedDescriptor sd : candidates) {
      if (HardFilter.violation(query, sd.descriptor()).isEmpty()) {
        passing.add(sd);
      }
    }
    List<CapabilityDescriptor> docs = passing.stream().map(SignedDescriptor::descriptor).toList();
    double[] bm25 = TextRelevance.scores(query.text(), docs);
    double best = 0;
    for (double s : bm25) {
      best = Math.max(best, s);
    }
    List<Match> out = new ArrayList<>(passing.size());
    for (int i = 0; i < passing.size(); i++) {
      CapabilityDescriptor d = docs.get(i);
      double tag = tagRelevance(query, d);
      double text = best > 0 ? bm25[i] / best : 0;
      if (!query.text().isBlank() && query.tags().isEmpty() && text == 0) {
        continue; // a pure text query must match some word
      }
      double qos = qos(d);
      CapabilityTag primary = primaryTag(query, d);
      double tr = trust.score(d.peer(), primary);
      double total = total(tag, text, qos, tr);
      out.add(
          new Match(
              passing.get(i),
              new ScoreBreakdown(tag, text, qos, tr, total, trust.known(d.peer()))));
    }
    if (out.size() <= query.limit()) {
      out.sort(ORDER);
      return out;
    }
    int explored = Math.max(0, Math.min(explore, query.limit()));
    List<Match> top = best(out, query.limit() - explored, ORDER);
    if (explored == 0) {
      return top;
    }
    java.util.Set<Match> taken =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    taken.addAll(top);
    // each provider's draw computed once, not on every comparison (a draw hashes the whole
    // multihash, and a bounded heap compares each match about log k times)
    List<Drawn> rest = new ArrayList<>(out.size() - top.size());
    for (Match m : out) {
      if (!taken.contains(m)) {
        rest.add(new Drawn(draw(salt, m), m));
      }
    }
    List<Match> picked = new ArrayList<>(explored);
    for (Drawn d : best(rest, explored, Drawn.ORDER)) {
      picked.add(d.match());
    }
    picked.sort(ORDER);
    List<Match> answer = new ArrayList<>(top);
    answer.addAll(picked);
    return answer;
  }

  /** The first {@code k} of {@code all} in {@code order}: a bounded heap, then a sort. */
  private static <T> List<T> best(List<T> all, int k, Comparator<T> order) {
    if (k <= 0) {
      return new ArrayList<>();
    }
    // a bounded heap whose head is the worst kept (the orders are total, so the result equals a
    // full sort's prefix)
    PriorityQueue<T> kept = new PriorityQueue<>(k + 1, order.reversed());
    for (T m : all) {
      kept.add(m);
      if (kept.size() > k) {
        kept.poll();
      }
    }
    List<T> top = new ArrayList<>(kept);
    top.sort(order);
    return top;
  }

  /** A match beside its exploration draw, ordered by the draw, then by {@link #ORDER}. */
  private record Drawn(long draw, Match match) {
    static final Comparator<Drawn> ORDER =
        Comparator.comparingLong(Drawn::draw).thenComparing(Drawn::match, Matcher.ORDER);
  }

  /**
   * A uniform draw for the provider of {@code m} under {@code salt}: one per identity (so several
   * capability ids give no extra chances), over its whole multihash.
   */
  private static long draw(long salt, Match m) {
    Bytes id = m.descriptor().descriptor().peer().multihash();
    long h = salt;
    for (int i = 0; i < id.length(); i++) {
      h = mix(h ^ (id.get(i) & 0xFF));
    }
    return mix(h ^ id.length());
  }

  /**
   * The exploration draw of the provider whose peer-id multihash is {@code multihash} under {@code
   * salt}: the same value {@link #rank} orders the explored places by.
   */
  public static long draw(long salt, byte[] multihash) {
    long h = salt;
    for (byte b : multihash) {
      h = mix(h ^ (b & 0xFF));
    }
    return mix(h ^ multihash.length);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 1 when the descriptor carries a queried tag exactly, 0.5 when only below one, else 0. */
  public static double tagRelevance(Query q, CapabilityDescriptor d) {
    double best = 0;
    for (CapabilityTag want : q.tags()) {
      for (CapabilityTag have : d.intent().tags()) {
        if (have.equals(want)) {
          return 1;
        }
        if (have.isWithin(want)) {
          best = 0.5;
        }
      }
    }
    return best;
  }

  /** Claimed quality in [0,1]: success rate, fast p95 and low load. */
  public static double qos(CapabilityDescriptor d) {
    double load = 1 - d.state().load();
    if (d.qos().isEmpty()) {
      return 0.5 * load;
    }
    QosClaims q = d.qos().get();
    double latency = 1.0 / (1.0 + q.latencyP95Ms() / 1000.0);
    return (0.5 * q.successRate() + 0.3 * latency + 0.2 * load);
  }

  private static CapabilityTag primaryTag(Query q, CapabilityDescriptor d) {
    for (CapabilityTag have : d.intent().tags()) {
      for (CapabilityTag want : q.tags()) {
        if (have.isWithin(want)) {
          return have;
        }
      }
    }
    return d.intent().tags().get(0);
  }
}
