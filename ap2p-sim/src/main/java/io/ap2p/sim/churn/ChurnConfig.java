package io.ap2p.sim.churn;

/**
 * A point's churn: honest providers alternate between online sessions and offline periods, both
 * Weibull-distributed with shape {@code shape}; {@code sessionMeanSeconds} is the mean session and
 * {@code availability} the long-run fraction of time online, which fixes the mean offline period.
 * An agent that comes back online is cold: its first task takes {@code coldStartSeconds} longer.
 * {@code sessionMeanSeconds == 0} turns churn off (every peer stays online, as before churn
 * existed).
 *
 * <p>{@code meter} runs the stale-answer {@link ChurnMeter}: on wherever peers churn, and at every
 * point of a scenario some of whose points churn (its no-churn baseline is judged the same way, for
 * the churn report); off elsewhere, where nothing reads it and its memory (about 0.35 GiB at 10^6
 * peers) would be wasted. It only observes, so it changes no other output.
 *
 * @param sessionMeanSeconds mean online session, seconds; 0 for no churn
 * @param shape Weibull shape of session and offline lengths (below 1: heavy-tailed)
 * @param availability long-run fraction of time a churning peer is online, in (0, 1)
 * @param coldStartSeconds extra service time of an agent's first task after it comes back online
 * @param meter whether stale answers are measured (always when peers churn)
 */
public record ChurnConfig(
    double sessionMeanSeconds,
    double shape,
    double availability,
    double coldStartSeconds,
    boolean meter) {

  /** No churn: the default of every scenario. */
  public static final ChurnConfig OFF = new ChurnConfig(0, 0.5, 0.5, 0);

  /** Churn as given, measured exactly when peers churn. */
  public ChurnConfig(
      double sessionMeanSeconds, double shape, double availability, double coldStartSeconds) {
    this(sessionMeanSeconds, shape, availability, coldStartSeconds, sessionMeanSeconds > 0);
  }

  /** Validates the ranges (the parser reports them by key first). */
  public ChurnConfig {
    if (!(sessionMeanSeconds >= 0) || Double.isInfinite(sessionMeanSeconds)) {
      throw new IllegalArgumentException("sessionMeanSeconds must be >= 0 and finite");
    }
    if (!(shape >= 0.1 && shape <= 10)) {
      throw new IllegalArgumentException("shape must be in 0.1..10");
    }
    if (!(availability > 0 && availability < 1)) {
      throw new IllegalArgumentException("availability must be in (0, 1)");
    }
    if (!(coldStartSeconds >= 0) || Double.isInfinite(coldStartSeconds)) {
      throw new IllegalArgumentException("coldStartSeconds must be >= 0 and finite");
    }
    if (sessionMeanSeconds > 0 && !meter) {
      throw new IllegalArgumentException("churn is always measured (meter must be on)");
    }
  }

  /** Whether peers churn at all. */
  public boolean enabled() {
    return sessionMeanSeconds > 0;
  }

  /** Mean offline period: {@code sessionMean × (1 − availability) / availability}. */
  public double offlineMeanSeconds() {
    return sessionMeanSeconds * (1 - availability) / availability;
  }
}
