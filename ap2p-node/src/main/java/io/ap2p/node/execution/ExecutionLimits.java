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
 * @param incentives whom a busy provider serves first and what it asks of strangers
 */
public record ExecutionLimits(
    TaskLimits protocol,
    int maxRunning,
    int maxRunningPerRequester,
    int maxQueued,
    int maxQueuedPerRequester,
    Duration firstFrame,
    Duration inputIdle,
    Incentives incentives) {

  /**
   * Defaults: the protocol's limits; 8 running (2 per requester); 32 queued (4 per requester); 10 s
   * for the first frame and between input frames.
   */
  public static final ExecutionLimits DEFAULTS =
      new ExecutionLimits(
          TaskLimits.PROTOCOL, 8, 2, 32, 4, Duration.ofSeconds(10), Duration.ofSeconds(10));

  /** Limits that serve everyone ({@link Incentives#OPEN}). */
  public ExecutionLimits(
      TaskLimits protocol,
      int maxRunning,
      int maxRunningPerRequester,
      int maxQueued,
      int maxQueuedPerRequester,
      Duration firstFrame,
      Duration inputIdle) {
    this(
        protocol,
        maxRunning,
        maxRunningPerRequester,
        maxQueued,
        maxQueuedPerRequester,
        firstFrame,
        inputIdle,
        Incentives.OPEN);
  }

  /** Checks ranges. */
  public ExecutionLimits {
    java.util.Objects.requireNonNull(incentives, "incentives");
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
        protocol, running, perRequester, queued, queuedPer, firstFrame, inputIdle, incentives);
  }

  /** These limits with other incentive rules. */
  public ExecutionLimits withIncentives(Incentives rules) {
    return new ExecutionLimits(
        protocol,
        maxRunning,
        maxRunningPerRequester,
        maxQueued,
        maxQueuedPerRequester,
        firstFrame,
        inputIdle,
        rules);
  }

  /**
   * A node's incentive rules.
   *
   * @param policy as provider: the minimum balance served without a stamp, and the stamp's bits
   * @param maxStampBits as requester: the most bits it mints when a provider asks for a stamp (0:
   *     never mints)
   */
  public record Incentives(io.ap2p.core.incentives.ServicePolicy policy, int maxStampBits) {

    /** Serves everyone (contributors first when busy); mints stamps of up to 20 bits when asked. */
    public static final Incentives OPEN =
        new Incentives(io.ap2p.core.incentives.ServicePolicy.OPEN, 20);

    /** Checks the bits. */
    public Incentives {
      java.util.Objects.requireNonNull(policy, "policy");
      io.ap2p.core.incentives.Stamp.checkBits(maxStampBits);
    }
  }
}
