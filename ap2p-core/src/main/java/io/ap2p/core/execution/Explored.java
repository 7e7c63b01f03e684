package io.ap2p.core.execution;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Reputation;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The untested stranger a step explores first ({@link Exploration}): who it is and the canary it
 * gets before any real task, and when its time is up.
 *
 * @param target the stranger's descriptor, put first among the step's candidates
 * @param canary the canary it is sent, made before the stranger is put first
 * @param until when every attempt of the stranger (canary and real task) times out, at the latest
 *     (millis): {@link Exploration#TIME_SHARE} of the step's time, so that a stranger that stays
 *     silent leaves the rest to the usual candidates
 */
record Explored(SignedDescriptor target, CanaryFactory.Canary canary, long until) {

  /** Checks both are given. */
  Explored {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(canary, "canary");
  }

  /**
   * The stranger {@code step} explores, put first among {@code candidates}; empty, with the
   * candidates unchanged, when the step does not explore this time, no candidate is an untested
   * stranger, or no canary can be made for the step's capability: an explored stranger never gets a
   * real task it has not first answered a canary for.
   */
  static Optional<Explored> draw(
      Exploration exploration,
      Step step,
      Task task,
      Candidates candidates,
      Reputation reputation,
      CanaryFactory canaries,
      RandomGenerator random,
      long nowMillis,
      long deadlineMillis) {
    if (!exploration.explores(step.risk(), random)) {
      return Optional.empty();
    }
    OptionalInt place = candidates.drawStranger(reputation, exploration, random);
    if (place.isEmpty()) {
      return Optional.empty();
    }
    Optional<CanaryFactory.Canary> canary = canaries.make(step.tag(), task.input());
    if (canary.isEmpty()) {
      return Optional.empty();
    }
    long until = nowMillis + (long) ((deadlineMillis - nowMillis) * Exploration.TIME_SHARE);
    return Optional.of(new Explored(candidates.putFirst(place.getAsInt()), canary.get(), until));
  }
}
