package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.TextRelevance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Answers a query with text and at most one tag (possibly repeated) from {@link TextIndex} and
 * {@link TagIndex}, exactly as {@link Matcher#rank} answers it over every held descriptor: same
 * matches, same order, same score breakdowns, same exploration draw.
 *
 * <p>BM25 ({@link TextRelevance}) is computed over the query's candidates that pass its hard
 * filter. Their number and total length come from the index's class counts (one judgement of the
 * few-valued fields per {@link FilterClass}, then sums over claimed latency and price from {@link
 * ProfileCounts}); each query term's document frequency from its postings, judged entry by entry
 * (under the tag, class passes); then only the entries that hold a query term are scored, in
 * query-token order as {@code TextRelevance} adds. Every other candidate has text relevance 0, so
 * with a tag its score is what {@link FastRanking} reads from the ordered lists: the answer's best
 * places are the best of the text matches merged with the ordered lists' best (skipping the text
 * matches), and exploration draws over the tag's providers as {@code FastRanking} does. Without a
 * tag only text matches match, and exploration draws over their providers.
 */
final class TextRanking {

  private final TagIndex index;
  private final FastRanking fast;
  private final Matcher matcher;
  private final TextIndex text;

  TextRanking(TagIndex index, FastRanking fast) {
    this.index = index;
    this.fast = fast;
    this.matcher = index.matcher();
    this.text = index.text();
  }

  /** Whether {@link #rank} answers {@code q}: text, and no tag or one tag (possibly repeated). */
  static boolean applies(Query q) {
    if (q.text().isBlank()) {
      return false;
    }
    for (CapabilityTag t : q.tags()) {
      if (!t.equals(q.tags().get(0))) {
        return false;
      }
    }
    return true;
  }

  /** One query's text matches: entries, their BM25 scores, then their totals. */
  private static final class Found {
    IndexEntry[] entries = new IndexEntry[64];
    double[] bm25;
    double[] text;
    double[] total;
    int size;

    void add(IndexEntry e) {
      if (size == entries.length) {
        entries = Arrays.copyOf(entries, 2 * size);
      }
      e.slot = size;
      entries[size++] = e;
    }
  }

  /**
   * What {@code matcher.rank(q, held, tenure, explore, salt)} answers for the descriptors held now
   * (an {@code explore} of 0: the best-ranked only).
   */
  List<Match> rank(Query q, long now, int explore, long salt) {
    index.advanceTo(now);
    List<String> tokens = TextRelevance.queryTokens(q.text());
    if (tokens.isEmpty()) {
      // no word: text relevance is 0 for all, so a tag query ranks as without text, and a query
      // with no tag matches nothing
      return q.tags().isEmpty() ? new ArrayList<>() : fast.rank(q, now, explore, salt);
    }
    TagNode node = null;
    if (!q.tags().isEmpty()) {
      node = index.node(q.tags().get(0));
      if (node == null) {
        return new ArrayList<>();
      }
    }
    int stamp = text.nextStamp();
    // latency and price bounds as the hard filter applies them (NaN or infinite price: any)
    long maxLatency = q.maxLatencyMs() > 0 ? q.maxLatencyMs() : Long.MAX_VALUE;
    double maxPrice = q.maxPrice().orElse(Double.POSITIVE_INFINITY);
    ProfileCounts.Sum sum = new ProfileCounts.Sum();
    for (Map.Entry<FilterClass, ProfileCounts> c :
        text.scope(node == null ? null : node.tag).entrySet()) {
      if (c.getKey().passes(q, stamp)) {
        c.getValue().sum(maxLatency, maxPrice, sum);
      }
    }
    int n = sum.entries;
    long total = sum.length;
    if (n == 0) {
      return new ArrayList<>();
    }
    double avg = TextRelevance.averageLength(total, n);
    Term[] terms = new Term[tokens.size()];
    Found found = new Found();
    for (int j = 0; j < terms.length; j++) {
      Term t = text.term(tokens.get(j));
      terms[j] = t;
      if (t == null || t.stamp == stamp) {
        continue;
      }
      t.stamp = stamp;
      int df = 0;
      for (int i = 0; i < t.size; i++) {
        IndexEntry e = t.entries[i];
        if (e.textStamp != stamp) {
          e.textStamp = stamp;
          e.slot = -1;
          if ((node == null || under(e, node))
              && e.filter.passes(q, stamp)
              && e.latency <= maxLatency
              && !(e.price > maxPrice)) {
            found.add(e);
          }
        }
        if (e.slot >= 0) {
          df++;
        }
      }
      t.df = df;
    }
    // BM25 of every text match, adding each query token's part in query order, as TextRelevance
    double[] bm25 = new double[found.size];
    for (Term t : terms) {
      if (t == null || t.df == 0) {
        continue;
      }
      double idf = TextRelevance.idf(n, t.df);
      for (int i = 0; i < t.size; i++) {
        IndexEntry e = t.entries[i];
        if (e.slot >= 0) {
          bm25[e.slot] += TextRelevance.term(idf, t.count(i), e.length, avg);
        }
      }
    }
    double best = 0;
    for (double s : bm25) {
      best = Math.max(best, s);
    }
    found.bm25 = bm25;
    found.text = new double[found.size];
    found.total = new double[found.size];
    for (int i = 0; i < found.size; i++) {
      IndexEntry e = found.entries[i];
      double tx = best > 0 ? bm25[i] / best : 0;
      double tag = Matcher.tagRelevance(q, e.descriptor.descriptor());
      found.text[i] = tx;
      found.total[i] = matcher.total(tag, tx, e.qos, TagIndex.tenure(e.provider, now));
    }
    return node == null
        ? textOnly(q, found, stamp, now, explore, salt)
        : withTag(q, node, found, stamp, now, explore, salt);
  }

  /** Whether {@code e} is listed under {@code node}. */
  private static boolean under(IndexEntry e, TagNode node) {
    for (TagNode x : e.nodes) {
      if (x == node) {
        return true;
      }
    }
    return false;
  }

  /** A query with a tag: every candidate matches; those without a query term have text 0. */
  private List<Match> withTag(
      Query q, TagNode node, Found found, int stamp, long now, int explore, long salt) {
    int limit = q.limit();
    List<Match> best = matches(q, found, best(found, limit + 1, false), now);
    best.addAll(fast.best(q, node, limit + 1, now, e -> e.textStamp == stamp && e.slot >= 0));
    best.sort(Matcher.ORDER);
    if (best.size() <= limit) {
      return best;
    }
    int explored = Math.max(0, Math.min(explore, limit));
    List<Match> answer = new ArrayList<>(best.subList(0, limit - explored));
    if (explored == 0) {
      return answer;
    }
    List<Match> picked =
        fast.explore(
            q,
            node,
            answer,
            explored,
            salt,
            now,
            e -> e.textStamp == stamp && e.slot >= 0 ? found.text[e.slot] : 0);
    picked.sort(Matcher.ORDER);
    answer.addAll(picked);
    return answer;
  }

  /** A query without tags: only text matches whose relevance is not 0 match. */
  private List<Match> textOnly(Query q, Found found, int stamp, long now, int explore, long salt) {
    int limit = q.limit();
    int matching = 0;
    for (int i = 0; i < found.size; i++) {
      if (found.text[i] != 0) {
        matching++;
      }
    }
    if (matching <= limit) {
      return matches(q, found, best(found, limit, true), now);
    }
    int explored = Math.max(0, Math.min(explore, limit));
    int[] top = best(found, limit - explored, true);
    List<Match> answer = matches(q, found, top, now);
    if (explored == 0) {
      return answer;
    }
    boolean[] taken = new boolean[found.size];
    for (int i : top) {
      taken[i] = true;
    }
    // the explored places: first by the provider's draw, then in ranking order
    int[] picks = new int[explored];
    int size = 0;
    for (int i = 0; i < found.size; i++) {
      if (found.text[i] == 0 || taken[i]) {
        continue;
      }
      IndexProvider p = found.entries[i].provider;
      if (p.drawStamp != stamp) {
        p.drawStamp = stamp;
        p.draw = Matcher.draw(salt, p.multihash);
      }
      size = insert(picks, size, i, (a, b) -> byDraw(found, a, b));
    }
    List<Match> picked = matches(q, found, Arrays.copyOf(picks, size), now);
    picked.sort(Matcher.ORDER);
    answer.addAll(picked);
    return answer;
  }

  /**
   * Inserts {@code i} into {@code kept}, the first {@code size} of which are in {@code order}, if
   * it is among the first {@code kept.length}; returns the new size.
   */
  private static int insert(int[] kept, int size, int i, IntComparator order) {
    int k = kept.length;
    if (k == 0 || (size == k && order.compare(i, kept[size - 1]) > 0)) {
      return size;
    }
    int at = Math.min(size, k - 1);
    while (at > 0 && order.compare(i, kept[at - 1]) < 0) {
      kept[at] = kept[at - 1];
      at--;
    }
    kept[at] = i;
    return Math.min(size + 1, k);
  }

  /** An order on text-match slots. */
  private interface IntComparator {
    int compare(int a, int b);
  }

  /** By the provider's draw (computed already), then {@link Matcher#ORDER}. */
  private static int byDraw(Found found, int a, int b) {
    int c = Long.compare(found.entries[a].provider.draw, found.entries[b].provider.draw);
    return c != 0 ? c : order(found, a, b);
  }

  /** {@link Matcher#ORDER} between two text matches. */
  private static int order(Found found, int a, int b) {
    int c = Double.compare(-found.total[a], -found.total[b]);
    if (c != 0) {
      return c;
    }
    IndexEntry x = found.entries[a];
    IndexEntry y = found.entries[b];
    c = x.provider.base58.compareTo(y.provider.base58);
    return c != 0 ? c : x.id.compareTo(y.id);
  }

  /**
   * The slots of the best {@code k} text matches in ranking order ({@code nonZero}: only those
   * whose text relevance is not 0).
   */
  private static int[] best(Found found, int k, boolean nonZero) {
    int[] kept = new int[Math.max(0, k)];
    int size = 0;
    for (int i = 0; i < found.size; i++) {
      if (!nonZero || found.text[i] != 0) {
        size = insert(kept, size, i, (a, b) -> order(found, a, b));
      }
    }
    return Arrays.copyOf(kept, size);
  }

  private List<Match> matches(Query q, Found found, int[] slots, long now) {
    List<Match> out = new ArrayList<>(2 * slots.length + 2);
    for (int i : slots) {
      IndexEntry e = found.entries[i];
      double tag = Matcher.tagRelevance(q, e.descriptor.descriptor());
      out.add(
          FastRanking.match(
              e, tag, found.text[i], TagIndex.tenure(e.provider, now), found.total[i]));
    }
    return out;
  }
}
