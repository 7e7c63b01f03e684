package io.ap2p.core.execution;

import io.ap2p.core.trust.RiskClass;
import java.util.random.RandomGenerator;

/**
 * Requester-side exploration: how often a step tries one untested stranger first, so that a
 * provider no one has tried yet (an honest newcomer) gets selected at all under defences that keep
 * going back to trusted providers (recall, doubt). The stranger is drawn uniformly at random among
 * the candidates of the step's answer this requester has no record of, so a Sybil gains nothing by
 * out-claiming; it always gets a canary (Tier 2) before the real task, whatever the policy's checks
 * say, besides those checks, and a step for whose capability the requester can make no canary does
 * not explore (a stranger never gets an unchecked real task); if the stranger fails, the step falls
 * back to its candidates in their usual order. The stranger's attempt is extra: the step's budget
 * grows by one attempt, so exploring never takes an attempt from the usual candidates; and the
 * stranger's attempts (canary and real task) time out by {@link #TIME_SHARE} of the step's time at
 * the latest, so one that stays silent, whatever deadline or latency it claims, leaves the rest of
 * the step's time to the usual candidates.
 *
 * @param probability per step, from 0 to 1, that the step explores (0: never, and nothing is drawn,
 *     so runs without exploration are as before)
 * @param maxRisk the highest risk class explored: a step of a higher risk does not explore, and a
 *     stranger that declares a side effect of a higher risk ({@link RiskClass#of}) is not drawn,
 *     since the real task goes to the stranger once it passes its canary, before its evidence is
 *     checked, and an irreversible side effect cannot be undone by rejecting the result ({@link
 *     #DEFAULT_MAX_RISK}: {@link RiskClass#MEDIUM})
 */
public record Exploration(double probability, RiskClass maxRisk) {

  /**
   * The share of a step's time, from its start to its deadline, within which the explored
   * stranger's attempts must be answered.
   */
  public static final double TIME_SHARE = 0.5;

  /** No exploration. */
  public static final Exploration OFF = new Exploration(0, RiskClass.HIGH);

  /** Checks the range. */
  public Exploration {
    java.util.Objects.requireNonNull(maxRisk, "maxRisk");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be from 0 to 1: " + probability);
    }
  }

  /**
   * The highest risk explored unless said otherwise: reversible side effects at most, so no
   * untested stranger is handed an irreversible task (publishing, paying) on the strength of one
   * canary.
   */
  public static final RiskClass DEFAULT_MAX_RISK = RiskClass.MEDIUM;

  /** Exploration with {@code probability}, up to {@link #DEFAULT_MAX_RISK}. */
  public static Exploration of(double probability) {
    return new Exploration(probability, DEFAULT_MAX_RISK);
  }

  /** Whether a step, or a stranger's declared side effect, of {@code risk} may be explored. */
  public boolean permits(RiskClass risk) {
    return risk.compareTo(maxRisk) <= 0;
  }

  /** Whether exploration is on at all. */
  public boolean on() {
    return probability > 0;
  }

  /**
   * Whether a step of {@code risk} explores this time; draws from {@code random} only when
   * exploration is on and the step's risk permits.
   */
  boolean explores(RiskClass risk, RandomGenerator random) {
    return on() && permits(risk) && random.nextDouble() < probability;
  }
}
