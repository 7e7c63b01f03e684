package io.ap2p.node.execution.handler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, deterministic extractive summarizer: splits text into sentences, scores each by how
 * frequent its words are in the whole text (common English stop words ignored), and returns the
 * best few in their original order.
 *
 * <p>A sentence ends at {@code .}, {@code !} or {@code ?} (with any closing quotes or brackets)
 * followed by white space, or at a blank line. Its score is the sum of its words' frequencies
 * divided by the square root of its word count, so long sentences do not win by length alone; ties
 * go to the earlier sentence.
 */
final class Summarizer {

  static final int DEFAULT_SENTENCES = 3;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
          "because", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
          "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
          "it's", "just", "may", "more", "most", "my", "no", "not", "of", "on", "one", "or", "our",
          "out", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then",
          "there", "these", "they", "this", "to", "up", "was", "we", "were", "what", "when",
          "which", "who", "will", "with", "would", "you", "your");

  private Summarizer() {}

  /** Up to {@code max} sentences of {@code text}, in their order, joined by a space. */
  static String summarize(String text, int max) {
    List<String> sentences = sentences(text);
    List<List<String>> words = new ArrayList<>();
    Map<String, Integer> freq = new HashMap<>();
    for (String s : sentences) {
      List<String> ws = contentWords(s);
      words.add(ws);
      ws.forEach(w -> freq.merge(w, 1, Integer::sum));
    }
    List<Integer> order = new ArrayList<>();
    double[] score = new double[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      order.add(i);
      long sum = 0;
      for (String w : words.get(i)) {
        sum += freq.get(w);
      }
      score[i] = words.get(i).isEmpty() ? 0 : sum / Math.sqrt(words.get(i).size());
    }
    order.sort(
        Comparator.<Integer>comparingDouble(i -> -score[i])
            .thenComparing(Comparator.naturalOrder()));
    List<Integer> chosen = new ArrayList<>(order.subList(0, Math.min(max, order.size())));
    chosen.sort(Comparator.naturalOrder());
    StringBuilder out = new StringBuilder();
    for (int i : chosen) {
      out.append(out.isEmpty() ? "" : " ").append(sentences.get(i));
    }
    return out.toString();
  }

  /** The sentences of {@code text}, white space collapsed, empty ones dropped. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      cur.append(c);
      boolean end = false;
      if (c == '.' || c == '!' || c == '?') {
        int j = i + 1;
        while (j < n && "\"')]\u201d\u2019".indexOf(text.charAt(j)) >= 0) {
          cur.append(text.charAt(j));
          j++;
        }
        i = j - 1;
        end = j >= n || Character.isWhitespace(text.charAt(j));
      } else if (c == '\n') {
        int j = i + 1;
        while (j < n && text.charAt(j) != '\n' && Character.isWhitespace(text.charAt(j))) {
          j++;
        }
        end = j < n && text.charAt(j) == '\n';
      }
      if (end) {
        add(out, cur);
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String s = cur.toString().strip().replaceAll("\\s+", " ");
    cur.setLength(0);
    if (!s.isEmpty()) {
      out.add(s);
    }
  }

  private static List<String> contentWords(String sentence) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(sentence.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String w = m.group();
      if (!STOP_WORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }
}
