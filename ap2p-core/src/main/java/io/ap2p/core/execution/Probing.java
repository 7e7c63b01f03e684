package io.ap2p.core.execution;

/**
 * How a requester probes and times its attempts, beyond what the tier policy's checks say.
 *
 * @param placement when a canary goes out relative to its real task
 * @param claimFloorMillis when positive, each attempt is also held to its provider's latency
 *     claims: it times out after {@link Delegation#CLAIM_FACTOR} times the claimed p95, never
 *     sooner than this; 0 bounds attempts by the step's and the descriptor's deadlines only
 * @param spotChecks probability (0 to 1) that a peer the requester trusts, which the checks would
 *     not probe, is probed anyway: trust earned on canaries is no licence to cheat afterwards
 */
public record Probing(CanaryPlacement placement, long claimFloorMillis, double spotChecks) {

  /** The paper's model, the simulator's default: canaries first, deadlines only, no spot checks. */
  public static final Probing PAPER = new Probing(CanaryPlacement.BEFORE, 0, 0);

  /** Checks the ranges. */
  public Probing {
    java.util.Objects.requireNonNull(placement, "placement");
    if (claimFloorMillis < 0) {
      throw new IllegalArgumentException("claimFloorMillis must be >= 0: " + claimFloorMillis);
    }
    if (!(spotChecks >= 0 && spotChecks <= 1)) {
      throw new IllegalArgumentException("spotChecks must be from 0 to 1: " + spotChecks);
    }
  }

  /**
   * Whether a candidate gets a canary under {@code checks}, {@code trusted} saying whether the
   * requester trusts it enough to skip one; draws from {@code random} only for a spot check.
   */
  public boolean probes(
      io.ap2p.core.trust.Checks checks, boolean trusted, java.util.random.RandomGenerator random) {
    return checks.canary()
        && (checks.canaryKnownPeers()
            || !trusted
            // no draw unless spot checks are asked for: the simulator's runs stay as they were
            || (spotChecks > 0 && random.nextDouble() < spotChecks));
  }

  /** Whether a canary goes out together with its real task; draws only when placement is mixed. */
  public boolean together(java.util.random.RandomGenerator random) {
    return placement == CanaryPlacement.ALONGSIDE
        || (placement == CanaryPlacement.MIXED && random.nextBoolean());
  }
}
