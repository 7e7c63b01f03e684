package io.ap2p.core.discovery;

import java.util.Optional;

/**
 * The conditions under which a provider does the work.
 *
 * @param maxInputBytes largest input accepted
 * @param deadlineMs longest time an invocation may take before the provider gives up
 * @param price price per invocation, if any
 * @param region where the data is processed (data locality), if restricted
 * @param sideEffect what the capability does to the world
 * @param requiredTier the lowest verification tier (0 none … 3 evidence) the provider serves with
 */
public record Constraints(
    long maxInputBytes,
    long deadlineMs,
    Optional<Price> price,
    Optional<String> region,
    SideEffect sideEffect,
    int requiredTier) {

  /** Default for {@link #maxInputBytes}: 1 MiB. */
  public static final long DEFAULT_MAX_INPUT = 1 << 20;

  /** Default for {@link #deadlineMs}: one minute. */
  public static final long DEFAULT_DEADLINE_MS = 60_000;

  /** The defaults: 1 MiB, one minute, free, anywhere, no side effect, no tier required. */
  public static final Constraints DEFAULTS =
      new Constraints(
          DEFAULT_MAX_INPUT,
          DEFAULT_DEADLINE_MS,
          Optional.empty(),
          Optional.empty(),
          SideEffect.NONE,
          0);

  /** Checks ranges. */
  public Constraints {
    if (maxInputBytes < 0 || deadlineMs <= 0) {
      throw new IllegalArgumentException("maxInputBytes must be >= 0 and deadlineMs > 0");
    }
    if (requiredTier < 0 || requiredTier > 3) {
      throw new IllegalArgumentException("requiredTier must be 0..3");
    }
  }
}
