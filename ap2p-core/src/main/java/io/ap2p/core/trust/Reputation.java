package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tier 1: this requester's own evidence-based view of providers, a beta-style score per (peer,
 * capability tag) from -1 to 1: {@code (good - bad) / (good + bad + 2)}. A newcomer scores 0 (no
 * credit), a peer caught failing scores below every newcomer, so fresh identities cannot be used to
 * climb over a bad record and a bad record sinks below the unknown. Each good outcome adds one
 * success, each bad one {@code penalty} failures; old evidence decays by {@code decay} per update.
 * Feedback from others counts only in proportion to the reporter's own score in this view, so
 * identities that only vouch for each other gain nothing.
 *
 * <p>A view made with {@link #aging} also ages evidence with time: a piece of evidence observed at
 * time {@code t} weighs {@code 2^-((now - t) / halfLife)} when read at {@code now} (the clock is
 * injected; the result depends only on the clock's readings and the times given), so a record fades
 * toward the newcomer's 0 as time passes. Without it (as in {@link #defaults()}, which the
 * simulator uses) time plays no part.
 */
public final class Reputation implements TrustView {

  private record Key(PeerId peer, CapabilityTag tag) {}

  /** Evidence as of {@code atMillis} (aged from there on read, in an aging view). */
  private static final class Beta {
    double good;
    double bad;
    long atMillis;
  }

  /**
   * One (peer, tag) record or a peer's overall record, aged to the time it was read.
   *
   * @param score from -1 to 1
   * @param good the weight of good evidence
   * @param bad the weight of bad evidence (each failure weighs the penalty)
   * @param lastMillis when evidence was last added (0 in a view that does not age)
   */
  public record Standing(double score, double good, double bad, long lastMillis) {}

  /**
   * One peer as this view sees it, for display.
   *
   * @param peer the peer
   * @param overall its record over all tags
   * @param tags its record per capability tag
   */
  public record Entry(PeerId peer, Standing overall, Map<CapabilityTag, Standing> tags) {
    /** Copies the map. */
    public Entry {
      tags = Map.copyOf(tags);
    }
  }

  private final double penalty;
  private final double decay;
  private final int maxEntries;
  private final Clock clock; // null: no aging
  private final double halfLifeMillis;
  private final Map<Key, Beta> scores = new HashMap<>();
  private final Map<PeerId, Beta> overall = new HashMap<>();

  /**
   * A view where a failure weighs {@code penalty} successes and evidence decays by {@code decay}.
   */
  public Reputation(double penalty, double decay, int maxEntries) {
    this(penalty, decay, maxEntries, null, 0);
  }

  private Reputation(
      double penalty, double decay, int maxEntries, Clock clock, double halfLifeMillis) {
    if (!(penalty > 0) || !(decay > 0 && decay <= 1) || maxEntries < 1) {
      throw new IllegalArgumentException("penalty > 0, decay in (0,1], maxEntries >= 1");
    }
    this.penalty = penalty;
    this.decay = decay;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.halfLifeMillis = halfLifeMillis;
  }

  /** Failures weigh twice a success; no decay; 100,000 entries. */
  public static Reputation defaults() {
    return new Reputation(2, 1, 100_000);
  }

  /**
   * As {@link #defaults()}, but evidence halves in weight every {@code halfLife} of {@code clock}'s
   * time.
   *
   * @throws IllegalArgumentException if {@code halfLife} is not positive
   */
  public static Reputation aging(Clock clock, Duration halfLife, int maxEntries) {
    if (clock == null || halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("a clock and a positive half-life");
    }
    return new Reputation(2, 1, maxEntries, clock, halfLife.toMillis());
  }

  /** Records an outcome this requester saw itself (now, by the view's clock). */
  public void record(PeerId peer, CapabilityTag tag, boolean good) {
    add(peer, tag, good ? 1 : 0, good ? 0 : penalty, now());
  }

  /**
   * Records an outcome seen at {@code atMillis} (replaying a stored record); in a view that does
   * not age the time plays no part.
   */
  public void record(PeerId peer, CapabilityTag tag, boolean good, long atMillis) {
    add(peer, tag, good ? 1 : 0, good ? 0 : penalty, clock == null ? 0 : atMillis);
  }

  /**
   * Takes another peer's report, weighted by the reporter's own overall score here (a stranger's
   * word counts for nothing).
   */
  public void report(PeerId reporter, PeerId peer, CapabilityTag tag, boolean good) {
    double w = overallScore(reporter);
    if (w > 0 && !reporter.equals(peer)) {
      add(peer, tag, good ? w : 0, good ? 0 : w * penalty, now());
    }
  }

  /**
   * Takes another peer's report of {@code good} and {@code bad} outcomes it saw, weighted by the
   * reporter's own overall score here, as {@link #report(PeerId, PeerId, CapabilityTag, boolean)}
   * once per outcome would (a stranger's or a distrusted reporter's word counts for nothing).
   * Counts are clamped at 0.
   */
  public void report(PeerId reporter, PeerId peer, CapabilityTag tag, double good, double bad) {
    double w = overallScore(reporter);
    if (w > 0 && !reporter.equals(peer)) {
      double g = Math.max(0, good);
      double b = Math.max(0, bad);
      if (g > 0 || b > 0) {
        add(peer, tag, g * w, b * w * penalty, now());
      }
    }
  }

  @Override
  public double score(PeerId peer, CapabilityTag tag) {
    Beta b = scores.get(new Key(peer, tag));
    // no record for this tag: a peer caught failing elsewhere carries its bad overall standing
    // (distrust spills over, credit does not)
    return b == null ? Math.min(0, overallScore(peer)) : standing(b).score();
  }

  @Override
  public boolean known(PeerId peer) {
    return overall.containsKey(peer);
  }

  /** The peer's score over all tags, from -1 to 1. */
  public double overallScore(PeerId peer) {
    Beta b = overall.get(peer);
    return b == null ? 0 : standing(b).score();
  }

  /** Whether the record of {@code peer} for {@code tag} is at least {@code threshold}. */
  public boolean trusted(PeerId peer, CapabilityTag tag, double threshold) {
    return score(peer, tag) >= threshold;
  }

  /** How many successes one failure weighs. */
  public double penalty() {
    return penalty;
  }

  /** Number of (peer, tag) entries held. */
  public int size() {
    return scores.size();
  }

  /** Drops everything this view holds about {@code peer}: it is a newcomer again. */
  public boolean forget(PeerId peer) {
    boolean had = overall.remove(peer) != null;
    scores.keySet().removeIf(k -> k.peer().equals(peer));
    return had;
  }

  /**
   * Moves everything this view holds about {@code from} to {@code to} (a key rotation the old key
   * signed, docs/revocation.md): {@code to} keeps its own evidence plus {@code from}'s, each at its
   * time; {@code from} becomes a newcomer. Returns whether anything was held.
   */
  public boolean transfer(PeerId from, PeerId to) {
    if (from.equals(to)) {
      return false;
    }
    List<Map.Entry<Key, Beta>> moved = new ArrayList<>();
    scores.forEach(
        (k, b) -> {
          if (k.peer().equals(from)) {
            moved.add(Map.entry(k, b));
          }
        });
    for (Map.Entry<Key, Beta> e : moved) {
      Beta b = e.getValue();
      update(
          scores.computeIfAbsent(new Key(to, e.getKey().tag()), x -> new Beta()),
          b.good,
          b.bad,
          b.atMillis);
    }
    Beta o = overall.get(from);
    if (o != null) {
      update(overall.computeIfAbsent(to, x -> new Beta()), o.good, o.bad, o.atMillis);
    }
    return forget(from);
  }

  /** The peer's record, if this view holds one. */
  public java.util.Optional<Entry> entry(PeerId peer) {
    Beta o = overall.get(peer);
    if (o == null) {
      return java.util.Optional.empty();
    }
    Map<CapabilityTag, Standing> tags = new HashMap<>();
    scores.forEach(
        (k, b) -> {
          if (k.peer().equals(peer)) {
            tags.put(k.tag(), standing(b));
          }
        });
    return java.util.Optional.of(new Entry(peer, standing(o), tags));
  }

  /** Every peer this view holds, best overall score first (ties by peer id). */
  public List<Entry> entries() {
    Map<PeerId, Map<CapabilityTag, Standing>> tags = new HashMap<>();
    scores.forEach(
        (k, b) -> tags.computeIfAbsent(k.peer(), x -> new HashMap<>()).put(k.tag(), standing(b)));
    List<Entry> out = new ArrayList<>();
    overall.forEach((p, b) -> out.add(new Entry(p, standing(b), tags.getOrDefault(p, Map.of()))));
    out.sort(
        Comparator.comparingDouble((Entry e) -> -e.overall().score())
            .thenComparing(e -> e.peer().toString()));
    return out;
  }

  private Standing standing(Beta b) {
    double f = clock == null ? 1 : factor(clock.millis() - b.atMillis);
    double good = clock == null ? b.good : b.good * f;
    double bad = clock == null ? b.bad : b.bad * f;
    return new Standing((good - bad) / (good + bad + 2), good, bad, b.atMillis);
  }

  /** The weight left after {@code ageMillis}: 1 at 0 or less (evidence from the future). */
  private double factor(long ageMillis) {
    return ageMillis <= 0 ? 1 : Math.pow(2, -ageMillis / halfLifeMillis);
  }

  private long now() {
    return clock == null ? 0 : clock.millis();
  }

  private void add(PeerId peer, CapabilityTag tag, double good, double bad, long at) {
    Key k = new Key(peer, tag);
    if (!scores.containsKey(k) && scores.size() >= maxEntries) {
      return; // bounded: new identities past the cap stay newcomers
    }
    Beta b = scores.computeIfAbsent(k, x -> new Beta());
    update(b, good, bad, at);
    Beta o = overall.computeIfAbsent(peer, x -> new Beta());
    update(o, good, bad, at);
  }

  private void update(Beta b, double good, double bad, long at) {
    if (clock == null) {
      b.good = b.good * decay + good;
      b.bad = b.bad * decay + bad;
      return;
    }
    if (at >= b.atMillis) {
      // age what is held to the new evidence's time, then add it
      double f = factor(at - b.atMillis);
      b.good = b.good * f * decay + good;
      b.bad = b.bad * f * decay + bad;
      b.atMillis = at;
    } else {
      // older evidence (a replay out of order): it enters already aged to the record's time
      double f = factor(b.atMillis - at);
      b.good = b.good * decay + good * f;
      b.bad = b.bad * decay + bad * f;
    }
  }
}
