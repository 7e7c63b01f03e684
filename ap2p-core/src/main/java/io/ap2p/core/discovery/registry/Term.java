package io.ap2p.core.discovery.registry;

import java.util.Arrays;

/**
 * One word of the {@link TextIndex}'s vocabulary and its postings: the held descriptors whose text
 * holds it, how often each does, and which of the descriptor's terms it is (so a descriptor leaves
 * every posting list in constant time: the last posting moves into its place).
 */
final class Term {

  final String text;
  IndexEntry[] entries = new IndexEntry[2];
  short[] counts = new short[2]; // term frequency, at most TextRelevance.MAX_TOKENS
  short[] which = new short[2]; // the index of this term among the entry's terms
  int size;
  // per query (TextRanking): the query stamp and how many passing candidates hold this term
  int stamp;
  int df;

  Term(String text) {
    this.text = text;
  }

  /** Adds {@code e}, which holds this term {@code count} times as its {@code k}-th term. */
  void add(IndexEntry e, int k, int count) {
    if (size == entries.length) {
      resize(2 * size);
    }
    entries[size] = e;
    counts[size] = (short) count;
    which[size] = (short) k;
    e.at[k] = size;
    size++;
  }

  /** Removes {@code e}, whose {@code k}-th term this is. */
  void remove(IndexEntry e, int k) {
    int at = e.at[k];
    if (at >= size || entries[at] != e) {
      throw new IllegalStateException("entry not in the postings of " + text);
    }
    size--;
    if (at != size) {
      IndexEntry moved = entries[size];
      entries[at] = moved;
      counts[at] = counts[size];
      which[at] = which[size];
      moved.at[which[at]] = at;
    }
    entries[size] = null;
    if (size >= 8 && size < entries.length / 4) {
      resize(entries.length / 2);
    }
  }

  private void resize(int capacity) {
    entries = Arrays.copyOf(entries, capacity);
    counts = Arrays.copyOf(counts, capacity);
    which = Arrays.copyOf(which, capacity);
  }
}
