package io.ap2p.node.execution;

import io.ap2p.core.trust.QueryScope;
import io.ap2p.core.trust.RiskClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The Sybil-resistance mechanisms this node uses as a requester (docs/simulation.md, "Sybil
 * resistance at scale"; the same core code the simulator measures). Signed feedback sharing, the
 * fourth mechanism there ({@code shared}), is the node's feedback setting, on by default.
 *
 * @param exclude each discovery query leaves out the providers this node distrusts for the tag
 *     (caught failing; at most 128)
 * @param recall each discovery query names the providers this node trusts for the tag (at most 16),
 *     whose live descriptors the registry puts first
 * @param doubt unverified claims do not order candidates: trusted first, strangers in random order,
 *     distrusted last (policies that use reputation)
 * @param rediscover a step whose candidates are used up, or all distrusted, asks discovery again
 *     without every provider offered so far, within its attempts and deadline
 * @param explore probability, from 0 to 1, that a step tries one untested stranger first, with a
 *     canary (only steps this node can make canaries for; core's {@link
 *     io.ap2p.core.execution.Exploration}; 0: never), so that honest newcomers get selected under
 *     recall and doubt
 * @param exploreMaxRisk the highest risk of a step, and of a stranger's declared side effect,
 *     explored ({@link io.ap2p.core.execution.Exploration#DEFAULT_MAX_RISK} unless set)
 */
public record RequesterDefences(
    boolean exclude,
    boolean recall,
    boolean doubt,
    boolean rediscover,
    double explore,
    RiskClass exploreMaxRisk) {

  /** Checks the probability. */
  public RequesterDefences {
    new io.ap2p.core.execution.Exploration(explore, exploreMaxRisk);
  }

  /** These mechanisms without exploration. */
  public RequesterDefences(boolean exclude, boolean recall, boolean doubt, boolean rediscover) {
    this(
        exclude, recall, doubt, rediscover, 0, io.ap2p.core.execution.Exploration.DEFAULT_MAX_RISK);
  }

  /** These mechanisms, exploring with probability {@code p}. */
  public RequesterDefences exploring(double p) {
    return new RequesterDefences(exclude, recall, doubt, rediscover, p, exploreMaxRisk);
  }

  /** These mechanisms, exploring steps and strangers up to {@code risk}. */
  public RequesterDefences exploringUpTo(RiskClass risk) {
    return new RequesterDefences(exclude, recall, doubt, rediscover, explore, risk);
  }

  /** How steps explore (every candidate still gets its step's checks besides). */
  public io.ap2p.core.execution.Exploration exploration() {
    return new io.ap2p.core.execution.Exploration(explore, exploreMaxRisk);
  }

  /**
   * The risk class {@code text} names, for {@code --explore-max-risk}: {@code low}, {@code medium}
   * or {@code high}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RiskClass parseRisk(String text) {
    return switch (text) {
      case "low" -> RiskClass.LOW;
      case "medium" -> RiskClass.MEDIUM;
      case "high" -> RiskClass.HIGH;
      default ->
          throw new IllegalArgumentException(
              "not a risk class (low, medium or high): '"
                  + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
                  + "'");
    };
  }

  /**
   * The probability {@code text} gives, for {@code --explore}: a decimal from 0 to 1.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static double parseExplore(String text) {
    if (text.length() > 20 || !text.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new IllegalArgumentException(
          "not a probability from 0 to 1 (a decimal such as 0.05): '"
              + (text.length() > 20 ? text.substring(0, 20) + "…" : text)
              + "'");
    }
    double p = Double.parseDouble(text);
    if (p > 1) {
      throw new IllegalArgumentException("a probability is at most 1, not " + text);
    }
    return p;
  }

  /** None: queries as asked, candidates in rank order, no fallback to discovery. */
  public static final RequesterDefences NONE = new RequesterDefences(false, false, false, false);

  /** Every mechanism. */
  public static final RequesterDefences ALL = new RequesterDefences(true, true, true, true);

  /** The mechanisms' names, in the order {@link #label()} gives them. */
  public static final List<String> NAMES = List.of("exclude", "recall", "doubt", "rediscover");

  /** Longest text {@link #parse} reads. */
  public static final int MAX_TEXT = 100;

  /**
   * The mechanisms of {@code text}: {@code none}, {@code all}, or names joined with {@code +}
   * ({@code exclude+recall+doubt+rediscover}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RequesterDefences parse(String text) {
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException("longer than " + MAX_TEXT + " characters");
    }
    if (text.equals("none")) {
      return NONE;
    }
    if (text.equals("all")) {
      return ALL;
    }
    boolean[] on = new boolean[NAMES.size()];
    for (String m : text.split("\\+", -1)) {
      int i = NAMES.indexOf(m);
      if (i < 0) {
        throw new IllegalArgumentException(
            "'"
                + (m.length() > 20 ? m.substring(0, 20) + "…" : m)
                + "' is not a mechanism (none, all, or some of "
                + String.join("+", NAMES)
                + ")");
      }
      if (on[i]) {
        throw new IllegalArgumentException("'" + m + "' named twice");
      }
      on[i] = true;
    }
    return new RequesterDefences(on[0], on[1], on[2], on[3]);
  }

  /** How discovery queries are scoped. */
  public QueryScope scope() {
    return new QueryScope(exclude, recall);
  }

  /** The text {@link #parse} reads back: {@code none} or the names joined with {@code +}. */
  public String label() {
    List<String> out = new ArrayList<>();
    boolean[] on = {exclude, recall, doubt, rediscover};
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        out.add(NAMES.get(i));
      }
    }
    return out.isEmpty() ? "none" : String.join("+", out);
  }
}
