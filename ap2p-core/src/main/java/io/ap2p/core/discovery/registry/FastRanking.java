package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.HardFilter;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.ScoreBreakdown;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Answers a query with one tag and no text from {@link TagIndex}, exactly as {@link Matcher#rank}
 * answers it over every descriptor under the tag (same matches, same order, same exploration draw),
 * but reading only the best {@code limit + 1} matches from the index's ordered lists (a merge of
 * six lists by their best possible score, stopping when none can beat the {@code limit + 1}-th
 * found) and, when it explores, computing each provider's draw but scoring only the providers the
 * draw picks.
 */
final class FastRanking {

  private final TagIndex index;
  private final Matcher matcher;

  FastRanking(TagIndex index) {
    this.index = index;
    this.matcher = index.matcher();
  }

  /** Whether {@link #rank} answers {@code q}: one tag (possibly repeated) and no text. */
  static boolean applies(Query q) {
    if (!q.text().isBlank() || q.tags().isEmpty()) {
      return false;
    }
    CapabilityTag first = q.tags().get(0);
    for (CapabilityTag t : q.tags()) {
      if (!t.equals(first)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What {@code matcher.rank(q, candidates, tenure, explore, salt)} answers for the descriptors
   * held now (an {@code explore} of 0: the best-ranked only).
   */
  List<Match> rank(Query q, long now, int explore, long salt) {
    index.advanceTo(now);
    TagNode node = index.node(q.tags().get(0));
    if (node == null) {
      return new ArrayList<>();
    }
    int limit = q.limit();
    List<Match> found = best(q, node, limit + 1, now, null);
    if (found.size() <= limit) {
      return found;
    }
    int explored = Math.max(0, Math.min(explore, limit));
    List<Match> answer = new ArrayList<>(found.subList(0, limit - explored));
    if (explored == 0) {
      return answer;
    }
    List<Match> picked = explore(q, node, answer, explored, salt, now, null);
    picked.sort(Matcher.ORDER);
    answer.addAll(picked);
    return answer;
  }

  /**
   * The best {@code k} matches under {@code node} but those {@code skip} names (null: none), in
   * ranking order, each scored with text relevance 0.
   */
  List<Match> best(Query q, TagNode node, int k, long now, Predicate<IndexEntry> skip) {
    List<Cursor> cursors = new ArrayList<>(TagNode.KINDS * TagNode.GROUPS);
    for (int i = 0; i < TagNode.KINDS * TagNode.GROUPS; i++) {
      NavigableSet<IndexEntry> set = node.list(i);
      if (set != null && !set.isEmpty()) {
        cursors.add(new Cursor(set, i < TagNode.GROUPS, i % TagNode.GROUPS));
      }
    }
    PriorityQueue<Match> kept = new PriorityQueue<>(k + 1, Matcher.ORDER.reversed());
    while (true) {
      Cursor c = null;
      double bound = 0;
      for (Cursor x : cursors) {
        if (x.head != null) {
          double b = x.bound(now);
          if (c == null || b > bound) {
            c = x;
            bound = b;
          }
        }
      }
      if (c == null) {
        break;
      }
      Match worst = kept.size() == k ? kept.peek() : null;
      if (worst != null && bound < worst.score().total()) {
        break; // nothing left in any list can reach the k-th
      }
      IndexEntry e = c.head;
      double tag = c.exact ? 1 : 0.5;
      double tr = TagIndex.tenure(e.provider, now);
      double total = matcher.total(tag, 0, e.qos, tr);
      if (worst != null && compare(total, e, worst) > 0) {
        if (c.group != IndexProvider.RAMP) {
          c.head = null; // a static list is in ranking order: the rest of it ranks lower still
        } else if (total == worst.score().total()) {
          c.skipClass(e); // its equals in key, first-seen and QoS score the same and sort after
        } else {
          c.advance();
        }
        continue;
      }
      if ((skip == null || !skip.test(e))
          && HardFilter.violation(q, e.descriptor.descriptor()).isEmpty()) {
        kept.add(match(e, tag, 0, tr, total));
        if (kept.size() > k) {
          kept.poll();
        }
      }
      c.advance();
    }
    List<Match> out = new ArrayList<>(kept);
    out.sort(Matcher.ORDER);
    return out;
  }

  /**
   * The {@code explored} matches that are not in {@code top} and come first by exploration draw of
   * their provider, then ranking order: what {@link Matcher#rank} explores; each entry's text
   * relevance is what {@code text} says (null: 0).
   */
  List<Match> explore(
      Query q,
      TagNode node,
      List<Match> top,
      int explored,
      long salt,
      long now,
      ToDoubleFunction<IndexEntry> text) {
    int n = node.providerCount;
    IndexProvider[] providers = node.providers;
    long[] draws = Draws.of(salt, node);
    Set<SignedDescriptor> taken = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Match m : top) {
      taken.add(m.descriptor());
    }
    int want = 2 * explored + 16;
    while (true) {
      int m = Math.min(want, n);
      long threshold = smallest(draws, m);
      int[] order = new int[m + 8];
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (draws[i] <= threshold) {
          if (count == order.length) {
            order = Arrays.copyOf(order, 2 * count);
          }
          order[count++] = i;
        }
      }
      Integer[] sorted = new Integer[count];
      for (int i = 0; i < count; i++) {
        sorted[i] = order[i];
      }
      Arrays.sort(sorted, (a, b) -> Long.compare(draws[a], draws[b]));
      List<Match> picks = new ArrayList<>(explored);
      int i = 0;
      while (i < count && picks.size() < explored) {
        long d = draws[sorted[i]];
        List<Match> group = new ArrayList<>();
        for (; i < count && draws[sorted[i]] == d; i++) {
          IndexProvider p = providers[sorted[i]];
          for (IndexEntry e : p.entries) {
            if (!taken.contains(e.descriptor)
                && HardFilter.violation(q, e.descriptor.descriptor()).isEmpty()) {
              double tag = Matcher.tagRelevance(q, e.descriptor.descriptor());
              double tr = TagIndex.tenure(p, now);
              double tx = text == null ? 0 : text.applyAsDouble(e);
              group.add(match(e, tag, tx, tr, matcher.total(tag, tx, e.qos, tr)));
            }
          }
        }
        group.sort(Matcher.ORDER);
        for (Match g : group) {
          if (picks.size() < explored) {
            picks.add(g);
          }
        }
      }
      if (picks.size() == explored || m == n) {
        return picks;
      }
      want *= 4; // the draw's first providers had too few matches outside the top: look further
    }
  }

  /** The {@code m}-th smallest of {@code values} (1 ≤ m ≤ length), by a bounded max-heap. */
  static long smallest(long[] values, int m) {
    long[] heap = new long[m];
    int size = 0;
    for (long v : values) {
      if (size < m) {
        int i = size++;
        heap[i] = v;
        while (i > 0 && heap[(i - 1) / 2] < heap[i]) {
          long t = heap[i];
          heap[i] = heap[(i - 1) / 2];
          heap[(i - 1) / 2] = t;
          i = (i - 1) / 2;
        }
      } else if (v < heap[0]) {
        heap[0] = v;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          int r = l + 1;
          int big = i;
          if (l < m && heap[l] > heap[big]) {
            big = l;
          }
          if (r < m && heap[r] > heap[big]) {
            big = r;
          }
          if (big == i) {
            break;
          }
          long t = heap[i];
          heap[i] = heap[big];
          heap[big] = t;
          i = big;
        }
      }
    }
    return heap[0];
  }

  static Match match(IndexEntry e, double tag, double text, double tr, double total) {
    return new Match(
        e.descriptor, new ScoreBreakdown(tag, text, e.qos, tr, total, e.provider.known));
  }

  /** {@link Matcher#ORDER} between an entry scoring {@code total} and a match. */
  private static int compare(double total, IndexEntry e, Match m) {
    int c = Double.compare(-total, -m.score().total());
    if (c != 0) {
      return c;
    }
    c = e.provider.base58.compareTo(m.descriptor().descriptor().peer().toBase58());
    return c != 0 ? c : e.id.compareTo(m.descriptor().descriptor().id());
  }

  /** A position in one of a node's lists. */
  private final class Cursor {
    final NavigableSet<IndexEntry> set;
    final boolean exact;
    final int group;
    Iterator<IndexEntry> it;
    IndexEntry head;

    Cursor(NavigableSet<IndexEntry> set, boolean exact, int group) {
      this.set = set;
      this.exact = exact;
      this.group = group;
      this.it = set.iterator();
      advance();
    }

    void advance() {
      head = it.hasNext() ? it.next() : null;
    }

    void skipClass(IndexEntry e) {
      it = set.tailSet(IndexEntry.after(e), false).iterator();
      advance();
    }

    /** At least the score of every entry from the head on. */
    double bound(long now) {
      if (group == IndexProvider.RAMP) {
        return index.rampEstimate(exact ? 1 : 0.5, head.rampKey, now) + TagIndex.EPSILON;
      }
      return exact ? head.exactKey : head.belowKey;
    }
  }
}
