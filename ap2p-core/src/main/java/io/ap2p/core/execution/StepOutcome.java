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
 * @param attempts candidates tried with a real task
 * @param canaries canaries sent
 * @param failures why each failed attempt or canary failed, in order
 */
public record StepOutcome(
    Status status,
    String reason,
    Optional<TaskResult> result,
    Optional<PeerId> provider,
    int attempts,
    int canaries,
    List<String> failures) {

  /** Copies the list. */
  public StepOutcome {
    failures = List.copyOf(failures);
  }

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
