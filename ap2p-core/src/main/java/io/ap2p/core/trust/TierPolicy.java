package io.ap2p.core.trust;

import java.util.Locale;

/**
 * The policies the paper compares: which checks a step gets, by its risk class.
 *
 * <pre>
 *  policy      LOW                 MEDIUM              HIGH
 *  naive       none                none                none
 *  reputation  T1                  T1                  T1
 *  canary      T1+T2               T1+T2               T1+T2
 *  evidence    T1+T3               T1+T3               T1+T3 (attested)
 *  risk-aware  T1 (+T2 newcomers)  T1+T2               T1+T2+T3 (attested)
 *  naive-random none, candidates in uniformly random order (a plain directory's answer)
 * </pre>
 */
public enum TierPolicy {
  /** Trust the announcements: best-ranked by claims, no verification. */
  NAIVE,
  /** Tier 1: rank by the requester's own reputation view. */
  REPUTATION,
  /** Tiers 1 and 2: reputation and canaries on every candidate. */
  CANARY,
  /** Tiers 1 and 3: reputation and signed receipts on every step. */
  EVIDENCE,
  /** Tier by step risk: cheap checks for harmless steps, full evidence for irreversible ones. */
  RISK_AWARE,
  /**
   * No checks and no ranking: candidates tried in uniformly random order, as a plain directory
   * answers (not in the paper; the baseline that shows what trusting claims costs).
   */
  NAIVE_RANDOM;

  /** The paper's five policies, in its order (what a scenario compares unless it says). */
  public static final java.util.List<TierPolicy> PAPER =
      java.util.List.of(NAIVE, REPUTATION, CANARY, EVIDENCE, RISK_AWARE);

  /** Candidates tried per step before it fails. */
  public static final int DEFAULT_ATTEMPTS = 3;

  /** The checks a step of {@code risk} gets under this policy. */
  public Checks checks(RiskClass risk) {
    int n = DEFAULT_ATTEMPTS;
    return switch (this) {
      case NAIVE, NAIVE_RANDOM -> new Checks(false, false, false, false, false, n);
      case REPUTATION -> new Checks(true, false, false, false, false, n);
      case CANARY -> new Checks(true, true, true, false, false, n);
      case EVIDENCE -> new Checks(true, false, false, true, risk == RiskClass.HIGH, n);
      case RISK_AWARE ->
          switch (risk) {
            case LOW -> new Checks(true, true, false, false, false, n);
            case MEDIUM -> new Checks(true, true, true, false, false, n);
            case HIGH -> new Checks(true, true, true, true, true, n);
          };
    };
  }

  /** Whether candidates are tried in uniformly random order, whatever they claim. */
  public boolean uniformAmongMatches() {
    return this == NAIVE_RANDOM;
  }

  /** The name used in scenario files and reports ({@code risk-aware}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The policy labelled {@code label}. */
  public static TierPolicy parse(String label) {
    for (TierPolicy p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown policy '"
            + label
            + "' (naive, reputation, canary, evidence, risk-aware, naive-random)");
  }
}
