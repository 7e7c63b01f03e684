package io.ap2p.cli;

/** A refusal to report to the user: rejected input or a failed operation (exit code 1). */
public final class CliFailure extends RuntimeException {

  /** A failure whose {@code message} is shown as it is. */
  public CliFailure(String message) {
    super(message, null, false, false);
  }
}
