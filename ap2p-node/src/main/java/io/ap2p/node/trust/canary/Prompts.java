package io.ap2p.node.trust.canary;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws image prompts from a small public grammar ("a watercolor fox in a snowy forest at dusk"),
 * about 330,000 distinct prompts, with lengths spread like people's short prompts; a draw close in
 * length to a given prompt is preferred. (A provider that knows the grammar can test whether a
 * prompt belongs to it: docs/verification.md says what that gives away and how a canary set of
 * one's own closes it.)
 */
final class Prompts {

  private static final List<String> STYLES =
      List.of(
          "watercolor",
          "pencil",
          "oil",
          "pixel-art",
          "ink",
          "pastel",
          "charcoal",
          "vintage",
          "minimalist",
          "neon",
          "isometric",
          "paper-cut",
          "cinematic",
          "surreal",
          "cozy",
          "vivid");
  private static final List<String> SUBJECTS =
      List.of(
          "fox",
          "lighthouse",
          "owl",
          "sailboat",
          "mountain cabin",
          "robot",
          "cat",
          "city street",
          "teapot",
          "whale",
          "bicycle",
          "forest path",
          "dragon",
          "garden",
          "train",
          "bridge",
          "astronaut",
          "horse",
          "castle",
          "library");
  private static final List<String> PLACES =
      List.of(
          "in a snowy forest",
          "by the sea",
          "on a hill",
          "in the rain",
          "under the stars",
          "in a busy market",
          "in a quiet village",
          "on a frozen lake",
          "in the desert",
          "among cherry blossoms",
          "in the fog",
          "at the harbour",
          "in a meadow",
          "on a rooftop",
          "in an old town",
          "near a waterfall");
  private static final List<String> TIMES =
      List.of(
          "",
          "",
          "",
          " at dusk",
          " at dawn",
          " at night",
          " in autumn",
          " in spring",
          " at noon",
          " in winter");
  private static final List<String> DETAILS =
      List.of(
          "",
          "",
          "",
          ", soft light",
          ", warm colors",
          ", high detail",
          ", muted tones",
          ", wide angle",
          ", close-up",
          ", dramatic sky");

  private Prompts() {}

  /** A prompt drawn from the grammar, as close in length to {@code like} as a few draws get. */
  static String drawLike(String like, RandomGenerator random) {
    String best = draw(random);
    for (int i = 0; i < 8 && Math.abs(best.length() - like.length()) > like.length() / 5; i++) {
      String next = draw(random);
      if (Math.abs(next.length() - like.length()) < Math.abs(best.length() - like.length())) {
        best = next;
      }
    }
    return best;
  }

  /** A prompt drawn from the grammar. */
  static String draw(RandomGenerator random) {
    return "a "
        + pick(STYLES, random)
        + " "
        + pick(SUBJECTS, random)
        + " "
        + pick(PLACES, random)
        + pick(TIMES, random)
        + pick(DETAILS, random);
  }

  private static String pick(List<String> from, RandomGenerator random) {
    return from.get(random.nextInt(from.size()));
  }
}
