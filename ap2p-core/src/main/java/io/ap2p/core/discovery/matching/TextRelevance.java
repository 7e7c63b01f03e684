package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /**
   * Longest token, in characters: a longer run of letters and digits counts as its first {@code
   * MAX_WORD} characters (in queries and descriptors alike), so a hostile descriptor cannot make
   * the registry's vocabulary hold long words.
   */
  public static final int MAX_WORD = 64;

  /**
   * Most distinct tokens of one descriptor's text: its text ends before the token that would be its
   * {@code MAX_TERMS + 1}-th distinct one, so a descriptor adds at most this many postings and new
   * words to the registry's index (a query's text is not capped this way).
   */
  public static final int MAX_TERMS = 256;

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
      Map<String, Integer> counts = new HashMap<>();
      len[i] = count(docs.get(i), counts);
      for (String t : counts.keySet()) {
        df.merge(t, 1, Integer::sum);
      }
      tf.add(counts);
      total += len[i];
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
    Map<String, Integer> counts = new LinkedHashMap<>();
    int length = count(d, counts);
    List<String> distinct = new ArrayList<>(counts.keySet());
    int[] n = new int[distinct.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = counts.get(distinct.get(i));
    }
    return new DocumentTerms(distinct, n, length);
  }

  /**
   * Counts the tokens of {@code d}'s text into {@code counts} (at most {@link #MAX_TOKENS} tokens
   * and {@link #MAX_TERMS} distinct ones); returns the length in tokens.
   */
  private static int count(CapabilityDescriptor d, Map<String, Integer> counts) {
    int[] length = new int[1];
    scan(
        d,
        (chars, len) -> {
          String t = new String(chars, 0, len);
          Integer c = counts.get(t);
          if (c == null && counts.size() == MAX_TERMS) {
            return false;
          }
          counts.put(t, c == null ? 1 : c + 1);
          length[0]++;
          return true;
        });
    return length[0];
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
    /**
     * The token {@code chars[0, length)}, lower-cased, at most {@link #MAX_WORD} characters (the
     * array is reused for the next token); returns false to end the text before this token.
     */
    boolean token(char[] chars, int length);
  }

  /**
   * Passes each token of a descriptor's text to {@code sink}, in order, repeats included, exactly
   * as {@link #scores} and {@link #terms} read them (at most {@link #MAX_TOKENS}), without making a
   * string per token, until {@code sink} refuses one; returns how many it took.
   */
  public static int scan(CapabilityDescriptor d, TokenSink sink) {
    var intent = d.intent();
    if (!ascii(intent.name()) || !ascii(intent.description()) || !partsAscii(d)) {
      return scan(document(d).toLowerCase(Locale.ROOT), sink, new char[MAX_WORD], 0)
          & Integer.MAX_VALUE;
    }
    // all ASCII (tags always are): lower-casing char by char is what toLowerCase(Locale.ROOT)
    // does, and the parts are separated by spaces in document(), so they are scanned one by one
    char[] buf = new char[MAX_WORD];
    int n = scan(intent.name(), sink, buf, 0);
    n = scan(intent.description(), sink, buf, n);
    for (CapabilityTag t : intent.tags()) {
      n = scan(t.value(), sink, buf, n);
    }
    for (String e : intent.examples()) {
      n = scan(e, sink, buf, n);
    }
    return n & Integer.MAX_VALUE;
  }

  private static boolean partsAscii(CapabilityDescriptor d) {
    for (CapabilityTag t : d.intent().tags()) {
      if (!ascii(t.value())) {
        return false;
      }
    }
    for (String e : d.intent().examples()) {
      if (!ascii(e)) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case runs of letters and digits, at most {@link #MAX_TOKENS}, cut to MAX_WORD. */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    scan(
        text.toLowerCase(Locale.ROOT),
        (chars, len) -> {
          out.add(new String(chars, 0, len));
          return true;
        },
        new char[MAX_WORD],
        0);
    return out;
  }

  /**
   * Scans {@code s}, already lower-case or ASCII (lower-cased here), after {@code n} tokens taken;
   * returns the tokens taken so far, with the sign bit set once the text has ended (the token
   * limit, or the sink refused one).
   */
  private static int scan(String s, TokenSink sink, char[] buf, int n) {
    if (n < 0) {
      return n;
    }
    int i = 0;
    int length = s.length();
    while (i < length) {
      while (i < length && !Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      int k = 0;
      while (i < length) {
        char c = s.charAt(i);
        if (!Character.isLetterOrDigit(c)) {
          break;
        }
        if (k < MAX_WORD) {
          buf[k++] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        i++;
      }
      if (k > 0) {
        if (n == MAX_TOKENS || !sink.token(buf, k)) {
          return n | Integer.MIN_VALUE;
        }
        n++;
      }
    }
    return n;
  }
}
