package io.ap2p.node.execution;

import io.ap2p.core.execution.task.TaskLimits;
import java.time.Duration;

/**
 * How much task work a node takes on and how long it waits for peers (docs/execution.md, "Limits").
 *
 * @param protocol the task protocol's frame, chunk, size and count limits
 * @param maxRunning invocations run at once, node-wide
 * @param maxRunningPerRequester invocations one requester may have running at once
 * @param maxQueued invocations waiting for a slot, node-wide; beyond it the answer is BUSY
 * @param maxQueuedPerRequester invocations one requester may have waiting
 * @param firstFrame how long a provider waits for the INVOKE after a stream opens
 * @param inputIdle how long a provider waits between input frames
 */
public record ExecutionLimits(
    TaskLimits protocol,
    int maxRunning,
    int maxRunningPerRequester,
    int maxQueued,
    int maxQueuedPerRequester,
    Duration firstFrame,
    Duration inputIdle) {

  /**
   * Defaults: the protocol's limits; 8 running (2 per requester); 32 queued (4 per requester); 10 s
   * for the first frame and between input frames.
   */
  public static final ExecutionLimits DEFAULTS =
      new ExecutionLimits(
          TaskLimits.PROTOCOL, 8, 2, 32, 4, Duration.ofSeconds(10), Duration.ofSeconds(10));

  /** Checks ranges. */
  public ExecutionLimits {
    if (maxRunning < 1
        || maxRunningPerRequester < 1
        || maxQueued < 0
        || maxQueuedPerRequester < 0
        || firstFrame.isNegative()
        || firstFrame.isZero()
        || inputIdle.isNegative()
        || inputIdle.isZero()) {
      throw new IllegalArgumentException("execution limits must be positive");
    }
  }

  /** These limits with other concurrency bounds. */
  public ExecutionLimits withConcurrency(int running, int perRequester, int queued, int queuedPer) {
    return new ExecutionLimits(
        protocol, running, perRequester, queued, queuedPer, firstFrame, inputIdle);
  }
}
