package io.ap2p.node.execution.handler;

import io.ap2p.core.execution.task.TaskErrorCode;
import java.util.Objects;

/** Why an invocation gave no result; the code and message go back to the requester. */
public final class HandlerException extends Exception {

  private final TaskErrorCode code;

  /** A failure with {@code code} and a message for the requester. */
  public HandlerException(TaskErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The error code. */
  public TaskErrorCode code() {
    return code;
  }

  /** The requester cancelled. */
  public static HandlerException cancelled() {
    return new HandlerException(TaskErrorCode.CANCELLED, "cancelled");
  }

  /** The deadline passed. */
  public static HandlerException deadlineExceeded() {
    return new HandlerException(TaskErrorCode.DEADLINE_EXCEEDED, "the deadline passed");
  }

  /** The output would be larger than {@code limit} bytes. */
  public static HandlerException outputTooLarge(long limit) {
    return new HandlerException(
        TaskErrorCode.OUTPUT_TOO_LARGE, "the output is larger than " + limit + " bytes");
  }

  /** The input is not what the capability accepts. */
  public static HandlerException badInput(String message) {
    return new HandlerException(TaskErrorCode.BAD_INPUT, message);
  }

  /** The work failed. */
  public static HandlerException failed(String message) {
    return new HandlerException(TaskErrorCode.FAILED, message);
  }

  @Override
  public String toString() {
    return "HandlerException[" + code + ": " + getMessage() + "]";
  }
}
