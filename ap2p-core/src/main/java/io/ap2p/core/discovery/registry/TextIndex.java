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
 * length in tokens, exactly as {@link TextRelevance} counts them; per term, the descriptors holding
 * it; and, per scope (every descriptor, or those under one tag) and {@link FilterClass}, the
 * descriptors' claimed latencies, prices and lengths ({@link ProfileCounts}), so BM25's document
 * count and average length over a query's hard-filter candidates need no pass over the candidates.
 *
 * <p>Its size is bounded by what the table holds: per entry at most {@link TextRelevance#MAX_TERMS}
 * postings and new words of at most {@link TextRelevance#MAX_WORD} characters, and one value in the
 * class counts of each scope it is in. A term or class that no held descriptor has any more is
 * dropped.
 */
final class TextIndex {

  private static final int MIN_TABLE = 1024;

  // the vocabulary: open addressing with linear probing, keyed by the term's characters, so a
  // known word is found without making a string of it; each slot's hash kept apart, so a probe
  // reads one array
  private Term[] table = new Term[MIN_TABLE];
  private int[] hashes = new int[MIN_TABLE];
  private int vocabulary;
  private final Map<FilterClass.Key, FilterClass> classes = new HashMap<>();
  private FilterClass lastClass; // the class of the last admission, tried first
  private final Map<FilterClass, ProfileCounts> all = new HashMap<>();
  private final Map<CapabilityTag, Map<FilterClass, ProfileCounts>> byTag = new HashMap<>();
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
    FilterClass c = classOf(p);
    c.entries++;
    e.filter = c;
    e.latency = p.latencyMs();
    e.price = p.price();
    c.all.add(e.latency, e.price, e.length);
    for (TagNode node : e.nodes) {
      if (node.textClasses == null) {
        node.textClasses = byTag.computeIfAbsent(node.tag, x -> new HashMap<>());
      }
      ProfileCounts counts = node.textClasses.get(c);
      if (counts == null) {
        counts = new ProfileCounts();
        node.textClasses.put(c, counts);
      }
      counts.add(e.latency, e.price, e.length);
    }
  }

  private FilterClass classOf(HardFilter.Profile p) {
    FilterClass c = lastClass;
    if (c != null
        && c.entries > 0
        && c.key.unavailable() == p.unavailable()
        && c.key.sideEffect() == p.sideEffect()
        && c.key.maxTier() == p.maxTier()
        && c.key.region().equals(p.region())) {
      return c;
    }
    FilterClass.Key key = FilterClass.Key.of(p);
    c = classes.get(key);
    if (c == null) {
      c = new FilterClass(key);
      classes.put(key, c);
      all.put(c, c.all);
    }
    lastClass = c;
    return c;
  }

  /** One token of the descriptor being admitted; false ends its text (its term limit). */
  private boolean token(char[] chars, int length) {
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = 31 * h + chars[i];
    }
    int mask = table.length - 1;
    int i = slot(h, mask);
    Term t;
    for (t = table[i]; t != null; t = table[i]) {
      if (hashes[i] == h && same(t.text, chars, length)) {
        break;
      }
      i = (i + 1) & mask;
    }
    if (t != null && t.mark == admission) {
      counts[t.local]++;
      return true;
    }
    if (distinct == TextRelevance.MAX_TERMS) {
      return false;
    }
    if (t == null) {
      t = new Term(new String(chars, 0, length), h);
      table[i] = t;
      hashes[i] = h;
      if (++vocabulary > table.length / 2) {
        rehash(2 * table.length);
      }
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
    return true;
  }

  private static boolean same(String text, char[] chars, int length) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) != chars[i]) {
        return false;
      }
    }
    return true;
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
    c.all.remove(e.latency, e.price, e.length);
    for (TagNode node : e.nodes) {
      Map<FilterClass, ProfileCounts> scope = byTag.get(node.tag);
      ProfileCounts counts = scope.get(c);
      counts.remove(e.latency, e.price, e.length);
      if (counts.entries == 0) {
        scope.remove(c);
      }
      if (scope.isEmpty()) {
        byTag.remove(node.tag);
        node.textClasses = null;
      }
    }
    if (--c.entries == 0) {
      classes.remove(c.key);
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
      int k = slot(hashes[j], mask);
      boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        table[i] = table[j];
        hashes[i] = hashes[j];
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
    hashes = new int[capacity];
    int mask = capacity - 1;
    for (Term t : old) {
      if (t != null) {
        int i = slot(t.hash, mask);
        while (table[i] != null) {
          i = (i + 1) & mask;
        }
        table[i] = t;
        hashes[i] = t.hash;
      }
    }
  }

  /** The term {@code text}, or null when no held descriptor has it. */
  Term term(String text) {
    int h = text.hashCode();
    int mask = table.length - 1;
    for (int i = slot(h, mask); table[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h && table[i].text.equals(text)) {
        return table[i];
      }
    }
    return null;
  }

  /** The class counts of every held descriptor (tag null) or of those under {@code tag}. */
  Map<FilterClass, ProfileCounts> scope(CapabilityTag tag) {
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

  /** Distinct classes of the few-valued hard-filter fields held. */
  int classes() {
    return classes.size();
  }
}
