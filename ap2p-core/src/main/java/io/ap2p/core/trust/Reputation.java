package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import java.util.HashMap;
import java.util.Map;

/**
 * Tier 1: this requester's own evidence-based view of providers, a beta-style score per (peer,
 * capability tag) from -1 to 1: {@code (good - bad) / (good + bad + 2)}. A newcomer scores 0 (no
 * credit), a peer caught failing scores below every newcomer, so fresh identities cannot be used to
 * climb over a bad record and a bad record sinks below the unknown. Each good outcome adds one
 * success, each bad one {@code penalty} failures; old evidence decays by {@code decay} per update.
 * Feedback from others counts only in proportion to the reporter's own score in this view, so
 * identities that only vouch for each other gain nothing.
 */
public final class Reputation implements TrustView {

  private record Key(PeerId peer, CapabilityTag tag) {}

  private static final class Beta {
    double good;
    double bad;
  }

  private final double penalty;
  private final double decay;
  private final int maxEntries;
  private final Map<Key, Beta> scores = new HashMap<>();
  private final Map<PeerId, Beta> overall = new HashMap<>();

  /**
   * A view where a failure weighs {@code penalty} successes and evidence decays by {@code decay}.
   */
  public Reputation(double penalty, double decay, int maxEntries) {
    if (!(penalty > 0) || !(decay > 0 && decay <= 1) || maxEntries < 1) {
      throw new IllegalArgumentException("penalty > 0, decay in (0,1], maxEntries >= 1");
    }
    this.penalty = penalty;
    this.decay = decay;
    this.maxEntries = maxEntries;
  }

  /** Failures weigh twice a success; no decay; 100,000 entries. */
  public static Reputation defaults() {
    return new Reputation(2, 1, 100_000);
  }

  /** Records an outcome this requester saw itself. */
  public void record(PeerId peer, CapabilityTag tag, boolean good) {
    add(peer, tag, good ? 1 : 0, good ? 0 : penalty);
  }

  /**
   * Takes another peer's report, weighted by the reporter's own overall score here (a stranger's
   * word counts for nothing).
   */
  public void report(PeerId reporter, PeerId peer, CapabilityTag tag, boolean good) {
    double w = overallScore(reporter);
    if (w > 0 && !reporter.equals(peer)) {
      add(peer, tag, good ? w : 0, good ? 0 : w * penalty);
    }
  }

  @Override
  public double score(PeerId peer, CapabilityTag tag) {
    Beta b = scores.get(new Key(peer, tag));
    return b == null ? 0 : (b.good - b.bad) / (b.good + b.bad + 2);
  }

  @Override
  public boolean known(PeerId peer) {
    return overall.containsKey(peer);
  }

  /** The peer's score over all tags, from -1 to 1. */
  public double overallScore(PeerId peer) {
    Beta b = overall.get(peer);
    return b == null ? 0 : (b.good - b.bad) / (b.good + b.bad + 2);
  }

  /** Whether the record of {@code peer} for {@code tag} is at least {@code threshold}. */
  public boolean trusted(PeerId peer, CapabilityTag tag, double threshold) {
    return score(peer, tag) >= threshold;
  }

  /** Number of (peer, tag) entries held. */
  public int size() {
    return scores.size();
  }

  private void add(PeerId peer, CapabilityTag tag, double good, double bad) {
    Key k = new Key(peer, tag);
    if (!scores.containsKey(k) && scores.size() >= maxEntries) {
      return; // bounded: new identities past the cap stay newcomers
    }
    Beta b = scores.computeIfAbsent(k, x -> new Beta());
    b.good = b.good * decay + good;
    b.bad = b.bad * decay + bad;
    Beta o = overall.computeIfAbsent(peer, x -> new Beta());
    o.good = o.good * decay + good;
    o.bad = o.bad * decay + bad;
  }
}
