package io.ap2p.core.execution;

import io.ap2p.core.identity.PeerId;
import java.util.List;
import java.util.Optional;

/**
 * How a step ended.
 *
 * @param status succeeded, failed or cancelled
 * @param reason why (the last failure when it failed), "" on success
 * @param result the accepted result
 * @param provider who produced it
 * @param attempts candidates tried (a canary counts as its candidate's attempt, so a candidate that
 *     fails its canary uses the budget as one that fails the real task)
 * @param canaries canaries sent
 * @param failures each failed attempt or canary: whose, and why, in order
 */
public record StepOutcome(
    Status status,
    String reason,
    Optional<TaskResult> result,
    Optional<PeerId> provider,
    int attempts,
    int canaries,
    List<Failure> failures) {

  /** Copies the list. */
  public StepOutcome {
    failures = List.copyOf(failures);
  }

  /**
   * One failed attempt or canary.
   *
   * @param provider the candidate that failed
   * @param reason why (an error, a timeout, a rejected receipt, a wrong canary answer)
   */
  public record Failure(PeerId provider, String reason) {}

  /** The end state of a step. */
  public enum Status {
    /** A result passed every check. */
    SUCCEEDED,
    /** No candidate produced an acceptable result within the budget. */
    FAILED,
    /** The requester cancelled. */
    CANCELLED
  }

  /** Whether the step succeeded. */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
