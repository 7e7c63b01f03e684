package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.HardFilter;
import io.ap2p.core.discovery.matching.TextRelevance;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry's inverted index of descriptor text, kept as {@link TagIndex} admits and drops
 * entries, for {@link TextRanking}: each held descriptor's distinct terms with their counts and its
 * length in tokens, exactly as {@link TextRelevance} counts them (at most {@link
 * TextRelevance#MAX_TOKENS} tokens per descriptor); per term, the descriptors holding it; and, per
 * scope (every descriptor, or those under one tag), how many descriptors of each {@link
 * FilterClass} there are and their total length, so BM25's document count and average length over a
 * query's hard-filter candidates need no pass over the candidates.
 *
 * <p>Its size is bounded by what the table holds: at most {@code MAX_TOKENS} postings per entry, a
 * vocabulary of at most the postings, and one class count per entry and scope at worst. A term or
 * class that no held descriptor has any more is dropped.
 */
final class TextIndex {

  private static final int MIN_TABLE = 1024;

  // the vocabulary: open addressing with linear probing, keyed by the term's characters, so a
  // known word is found without making a string of it
  private Term[] table = new Term[MIN_TABLE];
  private int vocabulary;
  private final Map<HardFilter.Profile, FilterClass> classes = new HashMap<>();
  private final Map<FilterClass, FilterClass.Count> all = new HashMap<>();
  private final Map<CapabilityTag, Map<FilterClass, FilterClass.Count>> byTag = new HashMap<>();
  private long postings;
  private int stamp;
  // one admission's distinct terms, in order of first appearance, and their counts
  private long admission;
  private Term[] found = new Term[64];
  private int[] counts = new int[64];
  private int distinct;
  private final TextRelevance.TokenSink sink = this::token;

  /** Indexes the text of {@code e}, already listed under its tag nodes. */
  void add(IndexEntry e) {
    admission++;
    distinct = 0;
    e.length = TextRelevance.scan(e.descriptor.descriptor(), sink);
    int n = distinct;
    e.terms = Arrays.copyOf(found, n);
    e.at = new int[n];
    for (int k = 0; k < n; k++) {
      e.terms[k].add(e, k, counts[k]);
      found[k] = null;
    }
    postings += n;
    HardFilter.Profile p = HardFilter.Profile.of(e.descriptor.descriptor());
    FilterClass c = classes.get(p);
    if (c == null) {
      c = new FilterClass(p);
      classes.put(p, c);
      all.put(c, c.all);
    }
    c.entries++;
    e.filter = c;
    c.all.entries++;
    c.all.length += e.length;
    for (TagNode node : e.nodes) {
      if (node.textClasses == null) {
        node.textClasses = byTag.computeIfAbsent(node.tag, x -> new HashMap<>());
      }
      count(node.textClasses, c, 1, e.length);
    }
  }

  /** One token of the descriptor being admitted. */
  private void token(String s, int start, int end) {
    Term t = intern(s, start, end);
    if (t.mark == admission) {
      counts[t.local]++;
      return;
    }
    t.mark = admission;
    if (distinct == found.length) {
      found = Arrays.copyOf(found, 2 * distinct);
      counts = Arrays.copyOf(counts, 2 * distinct);
    }
    t.local = distinct;
    found[distinct] = t;
    counts[distinct] = 1;
    distinct++;
  }

  /** Drops the text of {@code e}, which is leaving the index. */
  void remove(IndexEntry e) {
    for (int k = 0; k < e.terms.length; k++) {
      Term t = e.terms[k];
      t.remove(e, k);
      if (t.size == 0) {
        drop(t);
      }
    }
    postings -= e.terms.length;
    FilterClass c = e.filter;
    c.all.entries--;
    c.all.length -= e.length;
    for (TagNode node : e.nodes) {
      Map<FilterClass, FilterClass.Count> scope = byTag.get(node.tag);
      count(scope, c, -1, -e.length);
      if (scope.isEmpty()) {
        byTag.remove(node.tag);
        node.textClasses = null;
      }
    }
    if (--c.entries == 0) {
      classes.remove(c.profile);
      all.remove(c);
    }
    e.terms = null;
    e.at = null;
    e.filter = null;
  }

  private static int slot(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /** The term {@code s[start, end)}, made (with no postings) if new. */
  private Term intern(String s, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + s.charAt(i);
    }
    int len = end - start;
    int mask = table.length - 1;
    int i = slot(h, mask);
    for (Term t = table[i]; t != null; t = table[i]) {
      if (t.hash == h && t.text.length() == len && s.regionMatches(start, t.text, 0, len)) {
        return t;
      }
      i = (i + 1) & mask;
    }
    Term t = new Term(s.substring(start, end), h);
    table[i] = t;
    if (++vocabulary > table.length / 2) {
      rehash(2 * table.length);
    }
    return t;
  }

  /** Removes {@code t}, which no held descriptor has any more, from the vocabulary. */
  private void drop(Term t) {
    int mask = table.length - 1;
    int i = slot(t.hash, mask);
    while (table[i] != t) {
      i = (i + 1) & mask;
    }
    table[i] = null;
    vocabulary--;
    // shift back the terms after it in the run that it no longer separates from their slots
    for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
      int k = slot(table[j].hash, mask);
      boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        table[i] = table[j];
        table[j] = null;
        i = j;
      }
    }
    if (table.length > MIN_TABLE && vocabulary < table.length / 8) {
      rehash(table.length / 2);
    }
  }

  private void rehash(int capacity) {
    Term[] old = table;
    table = new Term[capacity];
    int mask = capacity - 1;
    for (Term t : old) {
      if (t != null) {
        int i = slot(t.hash, mask);
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = t;
      }
    }
  }

  private static void count(
      Map<FilterClass, FilterClass.Count> scope, FilterClass c, int entries, long length) {
    FilterClass.Count n = scope.computeIfAbsent(c, x -> new FilterClass.Count());
    n.entries += entries;
    n.length += length;
    if (n.entries == 0) {
      scope.remove(c);
    }
  }

  /** The term {@code text}, or null when no held descriptor has it. */
  Term term(String text) {
    int h = text.hashCode();
    int mask = table.length - 1;
    for (int i = slot(h, mask); table[i] != null; i = (i + 1) & mask) {
      if (table[i].hash == h && table[i].text.equals(text)) {
        return table[i];
      }
    }
    return null;
  }

  /** The class counts of every held descriptor (tag null) or of those under {@code tag}. */
  Map<FilterClass, FilterClass.Count> scope(CapabilityTag tag) {
    if (tag == null) {
      return all;
    }
    return byTag.getOrDefault(tag, Map.of());
  }

  /**
   * A stamp for one query's marks on terms, classes and entries; when the counter would wrap, every
   * mark is cleared first, so an old mark never passes for a new query's.
   */
  int nextStamp() {
    if (stamp == Integer.MAX_VALUE) {
      for (Term t : table) {
        if (t == null) {
          continue;
        }
        t.stamp = 0;
        for (int i = 0; i < t.size; i++) {
          t.entries[i].textStamp = 0;
          t.entries[i].provider.drawStamp = 0;
        }
      }
      for (FilterClass c : classes.values()) {
        c.clearMark();
      }
      stamp = 0;
    }
    return ++stamp;
  }

  /** Sets the stamp counter (tests: the wrap). */
  void stampForTest(int value) {
    stamp = value;
  }

  /** Terms in the vocabulary. */
  int terms() {
    return vocabulary;
  }

  /** Postings (distinct terms of every held descriptor). */
  long postings() {
    return postings;
  }

  /** Distinct hard-filter profiles held. */
  int classes() {
    return classes.size();
  }
}
