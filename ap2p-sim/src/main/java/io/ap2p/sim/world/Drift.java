package io.ap2p.sim.world;

import java.util.random.RandomGenerator;

/**
 * Capability drift: a provider's real condition as a continuous-time Markov chain over {@link
 * Condition}, with exponential holding times of the given mean.
 *
 * <pre>
 *   UP ──0.5──► DEGRADED ──0.7──► UP
 *    │              └────0.3──► DOWN ──1.0──► UP
 *    └──0.5──────────────────────►┘
 * </pre>
 *
 * With equal mean holding times the long-run fractions are UP 0.47, DEGRADED 0.23, DOWN 0.30; see
 * {@link #STATIONARY}.
 */
public final class Drift {

  /** A provider's real condition. */
  public enum Condition {
    /** Works as announced. */
    UP,
    /** Slower and more often wrong. */
    DEGRADED,
    /** Crashed: answers nothing and stops refreshing. */
    DOWN
  }

  /** Long-run fraction of time in UP, DEGRADED, DOWN (solves pi = pi P for the jump chain). */
  public static final double[] STATIONARY = stationary();

  private Drift() {}

  /** The condition after a transition out of {@code from}. */
  public static Condition next(Condition from, RandomGenerator r) {
    double u = r.nextDouble();
    return switch (from) {
      case UP -> u < 0.5 ? Condition.DEGRADED : Condition.DOWN;
      case DEGRADED -> u < 0.7 ? Condition.UP : Condition.DOWN;
      case DOWN -> Condition.UP;
    };
  }

  /** An exponential holding time with mean {@code meanSeconds}, in microseconds. */
  public static long holdMicros(double meanSeconds, RandomGenerator r) {
    return (long) (-Math.log(1 - r.nextDouble()) * meanSeconds * 1e6);
  }

  private static double[] stationary() {
    // jump chain: UP->D 0.5, UP->X 0.5; D->UP 0.7, D->X 0.3; X->UP 1
    // pi_UP = 0.7 pi_D + pi_X; pi_D = 0.5 pi_UP; pi_X = 0.5 pi_UP + 0.3 pi_D
    double up = 1;
    double d = 0.5;
    double x = 0.5 + 0.3 * 0.5;
    double s = up + d + x;
    return new double[] {up / s, d / s, x / s};
  }
}
