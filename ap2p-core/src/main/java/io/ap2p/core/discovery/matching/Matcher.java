package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.QosClaims;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
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

  private static final Comparator<Match> ORDER =
      Comparator.comparingDouble((Match m) -> -m.score().total())
          .thenComparing(m -> m.descriptor().descriptor().peer().toBase58())
          .thenComparing(m -> m.descriptor().descriptor().id());

  private final RankingWeights weights;

  /** A matcher with the given weights. */
  public Matcher(RankingWeights weights) {
    this.weights = weights;
  }

  /** The matches of {@code query} among {@code candidates}, best first, at most its limit. */
  public List<Match> rank(Query query, List<SignedDescriptor> candidates, TrustView trust) {
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
    double sum = weights.tag() + weights.text() + weights.qos() + weights.trust();
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
      double total =
          (weights.tag() * tag + weights.text() * text + weights.qos() * qos + weights.trust() * tr)
              / sum;
      out.add(
          new Match(
              passing.get(i),
              new ScoreBreakdown(tag, text, qos, tr, total, trust.known(d.peer()))));
    }
    if (out.size() <= query.limit()) {
      out.sort(ORDER);
      return out;
    }
    // the best `limit` of many: a bounded heap whose head is the worst kept (ORDER is total, so
    // the answer equals a full sort's prefix)
    PriorityQueue<Match> kept = new PriorityQueue<>(query.limit() + 1, ORDER.reversed());
    for (Match m : out) {
      kept.add(m);
      if (kept.size() > query.limit()) {
        kept.poll();
      }
    }
    List<Match> top = new ArrayList<>(kept);
    top.sort(ORDER);
    return top;
  }

  /** 1 when the descriptor carries a queried tag exactly, 0.5 when only below one, else 0. */
  static double tagRelevance(Query q, CapabilityDescriptor d) {
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
  static double qos(CapabilityDescriptor d) {
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
