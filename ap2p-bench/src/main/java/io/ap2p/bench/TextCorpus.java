package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Descriptor-sized texts for the query benchmark: names, descriptions and examples drawn from a
 * vocabulary of {@link #WORDS} made-up words whose frequencies follow Zipf's law (s = 1), as words
 * in natural text do, so some query words are common and most are rare.
 */
final class TextCorpus {

  /** Words in the vocabulary. */
  static final int WORDS = 4_000;

  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "du", "za", "fi", "go", "he", "ju", "wa"
  };

  private final String[] words = new String[WORDS];
  private final double[] cumulative = new double[WORDS];

  TextCorpus() {
    double sum = 0;
    for (int i = 0; i < WORDS; i++) {
      StringBuilder sb = new StringBuilder();
      int v = i + SYLLABLES.length; // at least two syllables
      while (v > 0) {
        sb.append(SYLLABLES[v % SYLLABLES.length]);
        v /= SYLLABLES.length;
      }
      words[i] = sb.toString();
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < WORDS; i++) {
      cumulative[i] /= sum;
    }
  }

  /** The word of frequency rank {@code rank} (0: the most common). */
  String word(int rank) {
    return words[rank];
  }

  /** A word drawn by frequency. */
  String draw(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = WORDS - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return words[lo];
  }

  private String words(int n, SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(draw(random));
    }
    return sb.toString();
  }

  /** Gives the descriptor template {@code t} a name of 3 words, a description of 12, 2 examples. */
  void fill(ObjectNode t, SplittableRandom random) {
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.put("name", words(3, random));
    intent.put("description", words(12, random) + ".");
    ArrayNode examples = intent.putArray("examples");
    examples.add(words(6, random));
    examples.add(words(6, random));
  }

  /**
   * {@code n} queries of three words each, of frequency ranks drawn uniformly from 10 to 999 (a
   * word of rank 10 is in about a quarter of the descriptors, one of rank 999 in about 0.3%), with
   * {@code tag} or none.
   */
  List<Query> queries(int n, CapabilityTag tag, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Query> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String text =
          word(10 + random.nextInt(990))
              + " "
              + word(10 + random.nextInt(990))
              + " "
              + word(10 + random.nextInt(990));
      out.add(Query.text(text, tag == null ? List.of() : List.of(tag), 10));
    }
    return out;
  }
}
