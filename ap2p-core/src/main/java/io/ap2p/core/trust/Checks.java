package io.ap2p.core.trust;

/**
 * The verification one step gets.
 *
 * @param useReputation rank candidates by the requester's own reputation view (Tier 1)
 * @param canary probe a candidate with a canary before the real task (Tier 2)
 * @param canaryKnownPeers also probe peers with a good record (else only newcomers and doubtful)
 * @param evidence require a valid signed receipt with the result (Tier 3)
 * @param attestation also require a trusted third party's attestation on the receipt
 * @param maxAttempts candidates tried before the step fails (fallback budget)
 */
public record Checks(
    boolean useReputation,
    boolean canary,
    boolean canaryKnownPeers,
    boolean evidence,
    boolean attestation,
    int maxAttempts) {

  /** Checks the budget. */
  public Checks {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1");
    }
    if (attestation && !evidence) {
      throw new IllegalArgumentException("attestation is part of evidence");
    }
  }

  /** These checks with a budget of {@code n} attempts (the same checks when {@code n} is it). */
  public Checks withMaxAttempts(int n) {
    return n == maxAttempts
        ? this
        : new Checks(useReputation, canary, canaryKnownPeers, evidence, attestation, n);
  }

  /** The highest tier these checks reach. */
  public int tier() {
    return evidence ? 3 : canary ? 2 : useReputation ? 1 : 0;
  }
}
