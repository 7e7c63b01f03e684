package io.ap2p.core.discovery.matching;

import java.util.List;

/**
 * A descriptor's text as BM25 counts it ({@link TextRelevance#terms}): its distinct tokens in order
 * of first appearance, how often each occurs, and its length in tokens.
 */
public final class DocumentTerms {

  private final List<String> terms;
  private final int[] counts;
  private final int length;

  DocumentTerms(List<String> terms, int[] counts, int length) {
    this.terms = List.copyOf(terms);
    this.counts = counts.clone();
    this.length = length;
  }

  /** How many distinct tokens. */
  public int size() {
    return terms.size();
  }

  /** The {@code i}-th distinct token. */
  public String term(int i) {
    return terms.get(i);
  }

  /** How often the {@code i}-th distinct token occurs (at least 1). */
  public int count(int i) {
    if (i >= terms.size()) {
      throw new IndexOutOfBoundsException(i);
    }
    return counts[i];
  }

  /** The length in tokens (repeats included), at most {@link TextRelevance#MAX_TOKENS}. */
  public int length() {
    return length;
  }
}
