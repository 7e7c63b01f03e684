package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75) of query text against descriptor text: name, description, tags
 * and example requests, over the candidate set of one query.
 */
public final class TextRelevance {

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  /** Most tokens read from one text, so a hostile descriptor cannot make ranking slow. */
  public static final int MAX_TOKENS = 512;

  private TextRelevance() {}

  /** BM25 scores of {@code text} against each document, in order; all 0 for empty text. */
  public static double[] scores(String text, List<CapabilityDescriptor> docs) {
    double[] out = new double[docs.size()];
    List<String> query = tokens(text);
    if (query.isEmpty() || docs.isEmpty()) {
      return out;
    }
    List<Map<String, Integer>> tf = new ArrayList<>(docs.size());
    int[] len = new int[docs.size()];
    Map<String, Integer> df = new HashMap<>();
    long total = 0;
    for (int i = 0; i < docs.size(); i++) {
      List<String> toks = tokens(document(docs.get(i)));
      Map<String, Integer> counts = new HashMap<>();
      for (String t : toks) {
        counts.merge(t, 1, Integer::sum);
      }
      for (String t : counts.keySet()) {
        df.merge(t, 1, Integer::sum);
      }
      tf.add(counts);
      len[i] = toks.size();
      total += toks.size();
    }
    double avg = averageLength(total, docs.size());
    int n = docs.size();
    for (String q : query) {
      int dfq = df.getOrDefault(q, 0);
      if (dfq == 0) {
        continue;
      }
      double idf = idf(n, dfq);
      for (int i = 0; i < n; i++) {
        int f = tf.get(i).getOrDefault(q, 0);
        if (f > 0) {
          out[i] += term(idf, f, len[i], avg);
        }
      }
    }
    return out;
  }

  /*
   * The three steps of BM25 below are shared with the registry's inverted index
   * (io.ap2p.core.discovery.registry.TextRanking), which must compute the same bits: a document's
   * score is the sum, in query-token order (repeats included), of term() for each query token
   * found in it.
   */

  /** The average document length BM25 normalises by: {@code total / n}, at least 1. */
  public static double averageLength(long total, int n) {
    return Math.max(1.0, (double) total / n);
  }

  /** The inverse document frequency of a term found in {@code df} of {@code n} documents. */
  public static double idf(int n, int df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * One query token's contribution to the score of a document of {@code len} tokens holding it
   * {@code f} times, for average length {@code avg}.
   */
  public static double term(double idf, int f, int len, double avg) {
    return idf * (f * (K1 + 1)) / (f + K1 * (1 - B + B * len / avg));
  }

  /** The tokens of query text, in order, repeats included (at most {@link #MAX_TOKENS}). */
  public static List<String> queryTokens(String text) {
    return tokens(text);
  }

  /**
   * The distinct tokens of a descriptor's text in order of first appearance, with their counts, and
   * its length in tokens, exactly as {@link #scores} counts them.
   */
  public static DocumentTerms terms(CapabilityDescriptor d) {
    List<String> toks = tokens(document(d));
    Map<String, Integer> at = new HashMap<>();
    List<String> distinct = new ArrayList<>();
    int[] counts = new int[toks.size()];
    for (String t : toks) {
      Integer i = at.putIfAbsent(t, distinct.size());
      if (i == null) {
        counts[distinct.size()] = 1;
        distinct.add(t);
      } else {
        counts[i]++;
      }
    }
    return new DocumentTerms(distinct, counts, toks.size());
  }

  /** The text of a descriptor that counts for matching. */
  static String document(CapabilityDescriptor d) {
    StringBuilder sb = new StringBuilder(d.intent().name()).append(' ');
    sb.append(d.intent().description()).append(' ');
    for (CapabilityTag t : d.intent().tags()) {
      sb.append(t.value().replace('.', ' ')).append(' ');
    }
    for (String e : d.intent().examples()) {
      sb.append(e).append(' ');
    }
    return sb.toString();
  }

  /** Receives the tokens of a text one by one ({@link #scan}). */
  public interface TokenSink {
    /** The token {@code text[start, end)}; {@code text} is the lower-cased text scanned. */
    void token(String text, int start, int end);
  }

  /**
   * Passes each token of a descriptor's text to {@code sink}, in order, repeats included, exactly
   * as {@link #scores} and {@link #terms} read them (at most {@link #MAX_TOKENS}), without making a
   * string per token; returns how many there were.
   */
  public static int scan(CapabilityDescriptor d, TokenSink sink) {
    return scan(document(d), sink);
  }

  /** Lower-case runs of letters and digits, at most {@link #MAX_TOKENS}. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    scan(text, (s, start, end) -> out.add(s.substring(start, end)));
    return out;
  }

  private static int scan(String text, TokenSink sink) {
    String s = text.toLowerCase(Locale.ROOT);
    int n = 0;
    int i = 0;
    while (i < s.length() && n < MAX_TOKENS) {
      while (i < s.length() && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        sink.token(s, start, i);
        n++;
      }
    }
    return n;
  }
}
