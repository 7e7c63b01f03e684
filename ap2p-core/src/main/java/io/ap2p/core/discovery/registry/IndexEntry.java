package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.SignedDescriptor;
import java.util.Comparator;

/**
 * One held descriptor as {@link TagIndex} orders it: a reference to the table's descriptor (never a
 * copy) with its claimed QoS and the trust-independent parts of its score, computed when it was
 * admitted or its provider's tenure changed.
 */
final class IndexEntry {

  final SignedDescriptor descriptor; // null in a probe
  final IndexProvider provider;
  final String id;
  final double qos;
  // the tag nodes this entry is listed under, and whether it carries each node's tag exactly
  TagNode[] nodes;
  boolean[] exact;
  // while its provider's tenure is static (full or unknown): the exact total with tag relevance 1
  // or 0.5; while ramping: the weighted QoS less the weighted first-seen time (see TagIndex)
  double exactKey;
  double belowKey;
  double rampKey;
  long first; // the provider's first-seen time when the keys were computed
  // text (TextIndex): the entry's distinct terms, its place in each term's postings, its length in
  // tokens, the class of its few-valued hard-filter fields, its claimed latency and price
  Term[] terms;
  int[] at;
  int length;
  FilterClass filter;
  long latency;
  double price;
  // per query (TextRanking): the stamp of the last query that judged the entry, and its slot among
  // that query's text matches (-1: not a candidate that passed)
  int textStamp;
  int slot;

  IndexEntry(SignedDescriptor descriptor, IndexProvider provider, String id, double qos) {
    this.descriptor = descriptor;
    this.provider = provider;
    this.id = id;
    this.qos = qos;
  }

  /** A probe that sorts after every ramping entry with the same keys as {@code e}. */
  static IndexEntry after(IndexEntry e) {
    IndexEntry p = new IndexEntry(null, null, null, e.qos);
    p.rampKey = e.rampKey;
    p.first = e.first;
    return p;
  }

  /** Peer id text, then capability id: the tie-break of the ranking order; probes sort last. */
  private static int tieBreak(IndexEntry a, IndexEntry b) {
    if (a.provider == null || b.provider == null) {
      return a.provider == null ? (b.provider == null ? 0 : 1) : -1;
    }
    int c = a.provider.base58.compareTo(b.provider.base58);
    return c != 0 ? c : a.id.compareTo(b.id);
  }

  /** Static entries carrying the node's tag: the ranking order itself. */
  static final Comparator<IndexEntry> BY_EXACT =
      (a, b) -> {
        int c = Double.compare(-a.exactKey, -b.exactKey);
        return c != 0 ? c : tieBreak(a, b);
      };

  /** Static entries below the node's tag: the ranking order itself. */
  static final Comparator<IndexEntry> BY_BELOW =
      (a, b) -> {
        int c = Double.compare(-a.belowKey, -b.belowKey);
        return c != 0 ? c : tieBreak(a, b);
      };

  /**
   * Ramping entries: by the part of the score that does not move with time, then by the inputs of
   * the exact score (entries equal in both score the same at any time), then the tie-break.
   */
  static final Comparator<IndexEntry> BY_RAMP =
      (a, b) -> {
        int c = Double.compare(-a.rampKey, -b.rampKey);
        if (c == 0) {
          c = Long.compare(a.first, b.first);
        }
        if (c == 0) {
          c = Double.compare(-a.qos, -b.qos);
        }
        return c != 0 ? c : tieBreak(a, b);
      };
}
