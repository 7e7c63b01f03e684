package io.ap2p.core.execution;

/**
 * A canary and its real task in flight together (a {@link Delegation}'s PAIRED state): which
 * attempt is which, whether the canary's answer was right, and a real result held back until it is.
 */
final class Pair {

  private final int canary;
  private final int real;
  private boolean canaryPassed;
  private TaskResult held;

  /** The canary sent as attempt {@code canary}, the real task as attempt {@code real}. */
  Pair(int canary, int real) {
    this.canary = canary;
    this.real = real;
  }

  /** The canary's attempt number. */
  int canary() {
    return canary;
  }

  /** The real task's attempt number. */
  int real() {
    return real;
  }

  /** Whether the canary's answer was right. */
  boolean canaryPassed() {
    return canaryPassed;
  }

  /** The canary's answer was right. */
  void pass() {
    canaryPassed = true;
  }

  /** Whether a real result waits for the canary. */
  boolean holding() {
    return held != null;
  }

  /** Holds the real result until the canary's answer is right. */
  void hold(TaskResult result) {
    held = result;
  }

  /** The held real result, no longer held (null if none). */
  TaskResult takeHeld() {
    TaskResult r = held;
    held = null;
    return r;
  }

  /** Whether attempt {@code n} still waits for an answer. */
  boolean pending(int n) {
    if (n == canary) {
      return !canaryPassed;
    }
    return n == real && held == null;
  }

  /** The other attempt of the pair. */
  int other(int n) {
    return n == canary ? real : canary;
  }
}
