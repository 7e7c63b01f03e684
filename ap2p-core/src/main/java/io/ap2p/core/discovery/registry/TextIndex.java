package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.DocumentTerms;
import io.ap2p.core.discovery.matching.HardFilter;
import io.ap2p.core.discovery.matching.TextRelevance;
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

  private final Map<String, Term> vocabulary = new HashMap<>();
  private final Map<HardFilter.Profile, FilterClass> classes = new HashMap<>();
  private final Map<FilterClass, FilterClass.Count> all = new HashMap<>();
  private final Map<CapabilityTag, Map<FilterClass, FilterClass.Count>> byTag = new HashMap<>();
  private long postings;
  private int stamp;

  /** Indexes the text of {@code e}, already listed under its tag nodes. */
  void add(IndexEntry e) {
    DocumentTerms terms = TextRelevance.terms(e.descriptor.descriptor());
    int n = terms.size();
    e.terms = new Term[n];
    e.at = new int[n];
    e.length = terms.length();
    for (int k = 0; k < n; k++) {
      Term t = vocabulary.computeIfAbsent(terms.term(k), Term::new);
      e.terms[k] = t;
      t.add(e, k, terms.count(k));
    }
    postings += n;
    HardFilter.Profile p = HardFilter.Profile.of(e.descriptor.descriptor());
    FilterClass c = classes.computeIfAbsent(p, FilterClass::new);
    c.entries++;
    e.filter = c;
    count(all, c, 1, e.length);
    for (TagNode node : e.nodes) {
      count(byTag.computeIfAbsent(node.tag, x -> new HashMap<>()), c, 1, e.length);
    }
  }

  /** Drops the text of {@code e}, which is leaving the index. */
  void remove(IndexEntry e) {
    for (int k = 0; k < e.terms.length; k++) {
      Term t = e.terms[k];
      t.remove(e, k);
      if (t.size == 0) {
        vocabulary.remove(t.text);
      }
    }
    postings -= e.terms.length;
    FilterClass c = e.filter;
    count(all, c, -1, -e.length);
    for (TagNode node : e.nodes) {
      Map<FilterClass, FilterClass.Count> scope = byTag.get(node.tag);
      count(scope, c, -1, -e.length);
      if (scope.isEmpty()) {
        byTag.remove(node.tag);
      }
    }
    if (--c.entries == 0) {
      classes.remove(c.profile);
    }
    e.terms = null;
    e.at = null;
    e.filter = null;
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
    return vocabulary.get(text);
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
      for (Term t : vocabulary.values()) {
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
    return vocabulary.size();
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
