package io.ap2p.node.execution.handler;

import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import java.util.Objects;

/**
 * One request to run a capability.
 *
 * @param taskId the task's id, unique per requester
 * @param requester the requester's peer id, as a string
 * @param input the input bytes (the network layer has already applied the descriptor's {@code
 *     maxInputBytes})
 * @param mediaType the input's media type ({@code ""} when the requester gave none)
 * @param deadlineMillis when the result must be ready, absolute, on {@code clock}
 * @param maxOutputBytes the largest output the requester accepts (at least 1)
 * @param clock the clock the deadline is read on
 */
public record Invocation(
    String taskId,
    String requester,
    Bytes input,
    String mediaType,
    long deadlineMillis,
    long maxOutputBytes,
    Clock clock) {

  /** Checks that nothing is missing and the output limit is positive. */
  public Invocation {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(clock, "clock");
    if (maxOutputBytes < 1) {
      throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
    }
  }

  /** Milliseconds left until the deadline on {@link #clock()}; zero or less once it passed. */
  public long remainingMillis() {
    return deadlineMillis - clock.millis();
  }

  /**
   * Throws if the invocation was cancelled or its deadline has passed; handlers call it before and
   * between costly steps.
   */
  public void checkLive(Cancellation cancellation) throws HandlerException {
    if (cancellation.isCancelled()) {
      throw HandlerException.cancelled();
    }
    if (remainingMillis() <= 0) {
      throw HandlerException.deadlineExceeded();
    }
  }

  /** The output limit: the smaller of the requester's and {@code handlerLimit}. */
  public long outputLimit(long handlerLimit) {
    return Math.min(maxOutputBytes, handlerLimit);
  }
}
