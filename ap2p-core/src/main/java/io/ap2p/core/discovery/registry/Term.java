package io.ap2p.core.discovery.registry;

import java.util.Arrays;

/**
 * One word of the {@link TextIndex}'s vocabulary and its postings: the held descriptors whose text
 * holds it, how often each does, and which of the descriptor's terms it is (so a descriptor leaves
 * every posting list in constant time: the last posting moves into its place).
 */
final class Term {

  final String text;
  final int hash; // text.hashCode(), computed from the scanned characters
  IndexEntry[] entries = new IndexEntry[2];
  // per posting: term frequency (at most TextRelevance.MAX_TOKENS) in the high 16 bits, the index
  // of this term among the entry's terms (below MAX_TOKENS) in the low 16 bits
  int[] info = new int[2];
  int size;
  // per admission (TextIndex.add): the admission that last met this term, and its place among
  // that admission's distinct terms
  long mark;
  int local;
  // per query (TextRanking): the query stamp and how many passing candidates hold this term
  int stamp;
  int df;

  Term(String text, int hash) {
    this.text = text;
    this.hash = hash;
  }

  /** The term frequency of posting {@code i}. */
  int count(int i) {
    return info[i] >>> 16;
  }

  /** Adds {@code e}, which holds this term {@code count} times as its {@code k}-th term. */
  void add(IndexEntry e, int k, int count) {
    if (size == entries.length) {
      resize(2 * size);
    }
    entries[size] = e;
    info[size] = count << 16 | k;
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
      info[at] = info[size];
      moved.at[info[at] & 0xffff] = at;
    }
    entries[size] = null;
    if (size >= 8 && size < entries.length / 4) {
      resize(entries.length / 2);
    }
  }

  private void resize(int capacity) {
    entries = Arrays.copyOf(entries, capacity);
    info = Arrays.copyOf(info, capacity);
  }
}
