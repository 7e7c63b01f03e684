package io.ap2p.node.a2a;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Output;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One A2A task on this node: one run of one of its capabilities. Its state moves as:
 *
 * <pre>
 *   SUBMITTED ──► WORKING ──► COMPLETED
 *       │            ├──────► FAILED     (deadline, handler failure, output too large)
 *       │            ├──────► REJECTED   (busy, bad input, input too large)
 *       └────────────┴──────► CANCELED   (tasks/cancel)
 * </pre>
 *
 * A terminal state never changes again. Thread-safe.
 */
final class A2aTask {

  /** A2A task states ap2p uses (A2A also has input-required and auth-required: never used). */
  enum State {
    SUBMITTED,
    WORKING,
    COMPLETED,
    FAILED,
    CANCELED,
    REJECTED;

    boolean terminal() {
      return this != SUBMITTED && this != WORKING;
    }
  }

  /**
   * What the task looks like now.
   *
   * @param id task id
   * @param contextId the A2A context it belongs to
   * @param skill the skill (capability id) it runs
   * @param state its state
   * @param detail why it failed, was rejected or canceled, or how far a working task got ({@code
   *     ""} otherwise)
   * @param output the result, once completed
   * @param updatedAtMillis when the state last changed
   */
  record Snapshot(
      String id,
      String contextId,
      String skill,
      State state,
      String detail,
      Optional<Output> output,
      long updatedAtMillis) {}

  final String id;
  final String contextId;
  final String skill;
  final Cancellation cancellation = new Cancellation();
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch ended = new CountDownLatch(1);
  private State state = State.SUBMITTED;
  private String detail = "";
  private Optional<Output> output = Optional.empty();
  private long updatedAt;

  A2aTask(String id, String contextId, String skill, long nowMillis) {
    this.id = id;
    this.contextId = contextId;
    this.skill = skill;
    this.updatedAt = nowMillis;
  }

  /** The run started (unless the task already ended). */
  void working(long now) {
    move(State.WORKING, "", Optional.empty(), now);
  }

  /** The run reported progress: a working task's detail says how far it got. */
  void progress(double fraction, String message, long now) {
    lock.lock();
    try {
      if (state == State.WORKING) {
        detail =
            String.format(java.util.Locale.ROOT, "%.0f%%", Math.max(0, Math.min(1, fraction)) * 100)
                + (message.isEmpty() ? "" : ": " + message);
        updatedAt = now;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The run gave {@code out}. */
  void completed(Output out, long now) {
    move(State.COMPLETED, "", Optional.of(out), now);
  }

  /** The run failed with {@code e}. */
  void failed(HandlerException e, long now) {
    State s =
        switch (e.code()) {
          case CANCELLED -> State.CANCELED;
          case BUSY, BAD_INPUT, INPUT_TOO_LARGE, UNKNOWN_CAPABILITY -> State.REJECTED;
          default -> State.FAILED;
        };
    String why =
        e.code() == TaskErrorCode.FAILED ? e.getMessage() : e.code() + ": " + e.getMessage();
    move(s, why, Optional.empty(), now);
  }

  /**
   * Cancels the task: CANCELED at once, and its handler is told to stop.
   *
   * @return false if the task had already ended
   */
  boolean cancel(long now) {
    boolean moved = move(State.CANCELED, "canceled by the client", Optional.empty(), now);
    if (moved) {
      cancellation.cancel();
    }
    return moved;
  }

  private boolean move(State to, String why, Optional<Output> out, long now) {
    lock.lock();
    try {
      if (state.terminal()) {
        return false;
      }
      state = to;
      detail = why;
      output = out;
      updatedAt = now;
      if (to.terminal()) {
        ended.countDown();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits at most {@code millis} for a terminal state; true if it came. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  Snapshot snapshot() {
    lock.lock();
    try {
      return new Snapshot(id, contextId, skill, state, detail, output, updatedAt);
    } finally {
      lock.unlock();
    }
  }
}
