package io.ap2p.core.execution;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Delegation} has spent of its step's budget and what went wrong: attempts counted
 * against the budget, canaries sent, fallbacks to discovery asked for, and each failure in order.
 */
final class Attempts {

  private final int max; // the policy's budget
  private int bonus; // attempts added for an explored stranger
  private final long deadline;
  private int real; // attempts counted against the budget
  private int canaries;
  private int rediscoveries = -1; // -1: no fallback to discovery; else how many were asked
  private String lastFailure = "no candidates";
  private final List<StepOutcome.Failure> failures = new ArrayList<>();

  /** A budget of {@code max} attempts until {@code deadline} (millis). */
  Attempts(int max, long deadline) {
    this.max = max;
    this.deadline = deadline;
  }

  /** The step's deadline (millis). */
  long deadline() {
    return deadline;
  }

  /** Whether every attempt of the budget has been counted. */
  boolean spent() {
    return real >= max + bonus;
  }

  /** Counts one attempt against the budget. */
  void count() {
    real++;
  }

  /** Grows the budget by one attempt (for an explored stranger's). */
  void extend() {
    bonus++;
  }

  /** Counts one canary sent. */
  void canary() {
    canaries++;
  }

  /** Allows falling back to discovery (none asked yet). */
  void allowRediscovery() {
    rediscoveries = 0;
  }

  /**
   * Whether a fallback to discovery may be asked for at {@code nowMillis}: allowed, fewer than
   * {@link Delegation#MAX_REDISCOVERIES} asked, attempts and time left.
   */
  boolean mayRediscover(long nowMillis) {
    return rediscoveries >= 0
        && rediscoveries < Delegation.MAX_REDISCOVERIES
        && !spent()
        && nowMillis < deadline;
  }

  /** Counts one fallback to discovery. */
  void rediscovered() {
    rediscoveries++;
  }

  /** Asks for no more fallbacks to discovery (the last brought nothing new). */
  void stopRediscovering() {
    rediscoveries = Delegation.MAX_REDISCOVERIES;
  }

  /** {@code peer} failed, for {@code why}. */
  void failed(PeerId peer, String why) {
    lastFailure = why;
    failures.add(new StepOutcome.Failure(peer, why));
  }

  /** Replaces the reason given when no attempt was made ("no candidates"). */
  void noAttemptBecause(String why) {
    lastFailure = why;
  }

  /** Why the step fails now, when the budget or the candidates are used up. */
  String exhaustedReason() {
    if (!spent()) {
      return lastFailure;
    }
    String extra = bonus == 0 ? "" : " and " + bonus + " for an explored stranger";
    return "budget of " + max + " attempts" + extra + " spent; last: " + lastFailure;
  }

  /** Why the step fails when its deadline passed. */
  String lateReason() {
    return "deadline passed; last: " + lastFailure;
  }

  /** The step's outcome: {@code status} for {@code reason}, with the result of {@code provider}. */
  StepOutcome outcome(
      StepOutcome.Status status,
      String reason,
      Optional<TaskResult> result,
      Optional<PeerId> provider) {
    return new StepOutcome(status, reason, result, provider, real, canaries, failures);
  }
}
