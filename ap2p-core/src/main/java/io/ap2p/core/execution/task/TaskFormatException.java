package io.ap2p.core.execution.task;

import io.ap2p.core.wire.WireFormatException;

/** Bytes that are not a valid {@code /ap2p/task/1.0.0} message; {@link #reason()} says how. */
public final class TaskFormatException extends WireFormatException {

  /** How a frame failed to decode. */
  public enum Reason {
    /** Larger than the frame limit. */
    OVERSIZE,
    /** Not a protobuf message of the expected shape (truncated, wrong wire type, bad varint). */
    MALFORMED,
    /** A version other than 1. */
    VERSION,
    /** No message body. */
    EMPTY,
    /** A field broke its limit or the message's rules (a blank id, a nonce too short). */
    INVALID
  }

  private final Reason reason;

  /** A failure for {@code reason}, explained by {@code message}. */
  public TaskFormatException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the frame was refused. */
  public Reason reason() {
    return reason;
  }
}
