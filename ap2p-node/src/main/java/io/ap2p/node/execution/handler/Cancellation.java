package io.ap2p.node.execution.handler;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-way switch that an invocation's owner flips to cancel it. Handlers either poll {@link
 * #isCancelled()} or register an action with {@link #onCancel(Runnable)} (kill a process, abort a
 * request). Thread-safe.
 */
public final class Cancellation {

  private static final System.Logger LOG = System.getLogger(Cancellation.class.getName());

  private final Object lock = new Object();
  private volatile boolean cancelled;
  private List<Runnable> actions = new ArrayList<>();

  /** Cancels: runs the registered actions once, on this thread; later calls do nothing. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = actions;
      actions = List.of();
    }
    toRun.forEach(Cancellation::runQuietly);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code action} on cancel, or at once (on this thread) if already cancelled. */
  public void onCancel(Runnable action) {
    synchronized (lock) {
      if (!cancelled) {
        actions.add(action);
        return;
      }
    }
    runQuietly(action);
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a cancel action failed", e);
    }
  }
}
