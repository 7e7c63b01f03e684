package io.ap2p.core.execution.task;

/**
 * Why a provider did not return a result, as carried by an ERROR message of {@code
 * /ap2p/task/1.0.0}. Codes are numbered on the wire by {@link #wire()}; an unknown number decodes
 * as {@link #FAILED} so older requesters read newer providers.
 */
public enum TaskErrorCode {
  /** Concurrency limits are reached; retry later or elsewhere (sent before the input is read). */
  BUSY(1),
  /** This provider does not serve the capability id asked for. */
  UNKNOWN_CAPABILITY(2),
  /** The descriptor seq the requester chose is newer than any this provider issued. */
  UNKNOWN_SEQ(3),
  /** The declared input is larger than the descriptor's {@code maxInputBytes}. */
  INPUT_TOO_LARGE(4),
  /** The handler's output is larger than the protocol allows. */
  OUTPUT_TOO_LARGE(5),
  /** The deadline passed before a result was ready. */
  DEADLINE_EXCEEDED(6),
  /** The requester cancelled. */
  CANCELLED(7),
  /** The handler ran and failed. */
  FAILED(8),
  /** The input is not what the capability accepts. */
  BAD_INPUT(9),
  /** The request broke the protocol (a sequence, size or count limit). */
  PROTOCOL(10),
  /**
   * The requester's reciprocity balance at this provider is below the provider's minimum and the
   * INVOKE carried no sufficient proof-of-work stamp; the message says what would be accepted (sent
   * before the input is read).
   */
  CREDIT(11);

  private final int wire;

  TaskErrorCode(int wire) {
    this.wire = wire;
  }

  /** The number on the wire. */
  public int wire() {
    return wire;
  }

  /** The code numbered {@code n}, {@link #FAILED} when unknown. */
  public static TaskErrorCode fromWire(long n) {
    for (TaskErrorCode c : values()) {
      if (c.wire == n) {
        return c;
      }
    }
    return FAILED;
  }

  /** Whether another candidate may succeed where this one did not (all but the requester's own). */
  public boolean retryElsewhere() {
    return this != CANCELLED;
  }
}
