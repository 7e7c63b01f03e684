package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The registry's index of held descriptors by tag, kept in ranking order as descriptors come and go
 * and providers' tenure changes, so that a tag query reads the best few instead of scoring every
 * match ({@link FastRanking}).
 *
 * <p>A descriptor's score is {@code (wTag·tag + wText·text + wQos·qos + wTrust·tenure) / Σw}. For a
 * query with one tag and no text, {@code text} is 0, {@code tag} is 1 for descriptors carrying the
 * tag and 0.5 for those below it, and {@code qos} is fixed at admission, so only tenure moves with
 * time: it is 0 for a provider the registry has no first-seen time for ({@code UNKNOWN}), 1 once it
 * has been registered {@link RegistryServer#TENURE_FOR_FULL_CREDIT_MILLIS} ({@code FULL}), and
 * grows linearly in between ({@code RAMP}). Each tag node lists its entries in six ordered sets
 * (carries the tag exactly or not × tenure group): the {@code FULL} and {@code UNKNOWN} sets are
 * ordered by their exact score, which does not change, so they are in the ranking order itself; the
 * {@code RAMP} sets are ordered by {@code wQos·qos − wTrust·(first − base)/T}, from which every
 * entry's score at time {@code now} follows by adding the same amount (up to rounding, which the
 * query bounds). Providers move from {@code RAMP} to {@code FULL} when a query finds their tenure
 * complete.
 *
 * <pre>
 *            first seen          registered for T
 *   UNKNOWN ───────────▶ RAMP ──────────────────▶ FULL
 *      ▲                   │                       │
 *      └── first-seen time dropped (gone, evicted) ┘
 * </pre>
 *
 * <p>The index holds references to the table's descriptors, never copies. With a trust weight of 0
 * (as in the simulator) tenure does not count and every provider is in {@code FULL}.
 */
final class TagIndex {

  private final Clock clock;
  private final Matcher matcher;
  private final Function<PeerId, Long> firstSeen;
  private final boolean tenureCounts;
  private final long base;
  private final Map<CapabilityTag, TagNode> nodes = new HashMap<>();
  private final Map<PeerId, IndexProvider> providers = new HashMap<>();
  // ramping providers by first-seen time; stale items are skipped when they come up
  private final PriorityQueue<Ramp> ramping = new PriorityQueue<>();
  private long lastNow;
  private final TextIndex text = new TextIndex();
  private int held;

  private record Ramp(long first, IndexProvider provider) implements Comparable<Ramp> {
    @Override
    public int compareTo(Ramp o) {
      return Long.compare(first, o.first);
    }
  }

  TagIndex(Clock clock, Matcher matcher, Function<PeerId, Long> firstSeen) {
    this.clock = clock;
    this.matcher = matcher;
    this.firstSeen = firstSeen;
    this.tenureCounts = matcher.weights().trust() > 0;
    this.base = clock.millis();
    this.lastNow = base;
  }

  Matcher matcher() {
    return matcher;
  }

  /** The node of {@code tag}, or null when nothing is held under it. */
  TagNode node(CapabilityTag tag) {
    return nodes.get(tag);
  }

  /** Upper bound on how far a ramping entry's exact score lies from its key-derived estimate. */
  static final double EPSILON = 1e-9;

  /**
   * The estimate of a ramping entry's score at {@code now} from its key (exact up to rounding; see
   * {@link #EPSILON}); monotone in the key.
   */
  double rampEstimate(double tag, double rampKey, long now) {
    double w = matcher.weights().trust();
    return matcher.total(tag, 0, 0, 0)
        + (rampKey + w * ((now - base) / (double) RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS))
            / sum();
  }

  private double sum() {
    var w = matcher.weights();
    return w.tag() + w.text() + w.qos() + w.trust();
  }

  /** The tenure a query at {@code now} credits {@code p} with, as the registry's trust view. */
  static double tenure(IndexProvider p, long now) {
    return p.known
        ? Math.min(1.0, (now - p.first) / (double) RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS)
        : 0;
  }

  /** A descriptor the table took. */
  void add(SignedDescriptor sd) {
    PeerId peer = sd.descriptor().peer();
    IndexProvider p = providers.get(peer);
    if (p == null) {
      p = new IndexProvider(peer);
      Long f = firstSeen.apply(peer);
      p.known = f != null;
      p.first = f != null ? f : 0;
      p.group = group(p, clock.millis());
      providers.put(peer, p);
      if (p.group == IndexProvider.RAMP) {
        ramping.add(new Ramp(p.first, p));
      }
    }
    IndexEntry e = new IndexEntry(sd, p, sd.descriptor().id(), Matcher.qos(sd.descriptor()));
    List<CapabilityTag> tags = sd.descriptor().intent().tags();
    List<TagNode> under = new ArrayList<>(2 * tags.size());
    List<Boolean> exact = new ArrayList<>(2 * tags.size());
    for (CapabilityTag t : tags) {
      for (CapabilityTag a = t; a != null; a = a.parent()) {
        TagNode n = nodes.computeIfAbsent(a, TagNode::new);
        int at = under.indexOf(n);
        boolean carries = tags.contains(a);
        if (at < 0) {
          under.add(n);
          exact.add(carries);
        }
      }
    }
    e.nodes = under.toArray(new TagNode[0]);
    e.exact = new boolean[e.nodes.length];
    for (int i = 0; i < e.exact.length; i++) {
      e.exact[i] = exact.get(i);
    }
    p.entries.add(e);
    list(e);
    for (TagNode n : e.nodes) {
      p.join(n);
    }
    text.add(e);
    held++;
  }

  /** A descriptor that left the table (expired, withdrawn or replaced). */
  void remove(SignedDescriptor sd) {
    IndexProvider p = providers.get(sd.descriptor().peer());
    if (p == null) {
      return;
    }
    for (int i = 0; i < p.entries.size(); i++) {
      IndexEntry e = p.entries.get(i);
      if (e.descriptor == sd) {
        text.remove(e);
        held--;
        unlist(e);
        for (TagNode n : e.nodes) {
          p.leave(n);
          if (n.size == 0) {
            nodes.remove(n.tag);
          }
        }
        p.entries.remove(i);
        if (p.entries.isEmpty()) {
          providers.remove(p.peer);
        }
        return;
      }
    }
  }

  /** The registry's first-seen time of {@code peer} became {@code first} (null: dropped). */
  void tenure(PeerId peer, Long first) {
    IndexProvider p = providers.get(peer);
    if (p == null) {
      return;
    }
    regroup(p, first != null, first != null ? first : 0, clock.millis());
  }

  /**
   * Brings the groups up to {@code now}: ramping providers whose tenure is complete become full.
   */
  void advanceTo(long now) {
    if (!tenureCounts) {
      return;
    }
    if (now < lastNow) {
      // the clock went back: tenure shrank, so groups are recomputed from scratch
      ramping.clear();
      for (IndexProvider p : new ArrayList<>(providers.values())) {
        regroup(p, p.known, p.first, now);
      }
    }
    lastNow = now;
    while (!ramping.isEmpty()
        && now - ramping.peek().first() >= RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS) {
      Ramp r = ramping.poll();
      IndexProvider p = r.provider();
      if (p.group == IndexProvider.RAMP && p.first == r.first() && providers.get(p.peer) == p) {
        regroup(p, true, p.first, now);
      }
    }
  }

  private void regroup(IndexProvider p, boolean known, long first, long now) {
    for (IndexEntry e : p.entries) {
      unlist(e);
    }
    p.known = known;
    p.first = first;
    p.group = group(p, now);
    if (p.group == IndexProvider.RAMP) {
      ramping.add(new Ramp(p.first, p));
    }
    for (IndexEntry e : p.entries) {
      list(e);
    }
  }

  private int group(IndexProvider p, long now) {
    if (!tenureCounts) {
      return IndexProvider.FULL;
    }
    if (!p.known) {
      return IndexProvider.UNKNOWN;
    }
    return now - p.first >= RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS
        ? IndexProvider.FULL
        : IndexProvider.RAMP;
  }

  /** Computes {@code e}'s keys for its provider's group and puts it in its nodes' lists. */
  private void list(IndexEntry e) {
    IndexProvider p = e.provider;
    e.first = p.first;
    if (p.group == IndexProvider.RAMP) {
      var w = matcher.weights();
      e.rampKey =
          w.qos() * e.qos
              - w.trust()
                  * ((p.first - base) / (double) RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS);
    } else {
      double tr = p.group == IndexProvider.FULL ? 1.0 : 0;
      e.exactKey = matcher.total(1, 0, e.qos, tr);
      e.belowKey = matcher.total(0.5, 0, e.qos, tr);
    }
    for (int i = 0; i < e.nodes.length; i++) {
      e.nodes[i].add(e, e.exact[i], p.group);
    }
  }

  private void unlist(IndexEntry e) {
    for (int i = 0; i < e.nodes.length; i++) {
      e.nodes[i].remove(e, e.exact[i], e.provider.group);
    }
  }

  /** Every held descriptor under {@code tag}, in no particular order (the slow path's input). */
  List<SignedDescriptor> under(CapabilityTag tag) {
    TagNode n = nodes.get(tag);
    if (n == null) {
      return List.of();
    }
    List<SignedDescriptor> out = new ArrayList<>(n.size);
    for (int i = 0; i < TagNode.KINDS * TagNode.GROUPS; i++) {
      NavigableSet<IndexEntry> set = n.list(i);
      if (set != null) {
        for (IndexEntry e : set) {
          out.add(e.descriptor);
        }
      }
    }
    return out;
  }

  /** The inverted index of the held descriptors' text. */
  TextIndex text() {
    return text;
  }

  /** How many descriptors are held under the first tag of {@code q}, or in all without tags. */
  int size(io.ap2p.core.discovery.Query q) {
    if (q.tags().isEmpty()) {
      return held;
    }
    TagNode n = nodes.get(q.tags().get(0));
    return n == null ? 0 : n.size;
  }
}
