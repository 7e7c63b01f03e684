package io.ap2p.cli.execution;

import io.ap2p.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or SIGTERM) while a run is in flight: a shutdown hook sends CANCEL, waits up to {@link
 * #GRACE_MILLIS} for the command to report the run as cancelled, and ends the process with {@link
 * ExitCodes#CANCELLED}.
 */
final class CancelOnInterrupt implements AutoCloseable {

  /** How long the hook waits for the cancelled run to be reported. */
  static final long GRACE_MILLIS = 3000;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch reported = new CountDownLatch(1);
  private final Thread hook;

  CancelOnInterrupt(Session session, String id, PrintWriter err) {
    hook =
        new Thread(
            () -> {
              requested.set(true);
              err.println("ap2p: interrupted: cancelling task " + id);
              err.flush();
              try {
                session.cancel(id);
              } catch (RuntimeException e) {
                err.println("ap2p: cannot cancel: " + e.getMessage());
              }
              try {
                if (!reported.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                  err.println("ap2p: the task did not end within 3 s of CANCEL");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              err.flush();
              Runtime.getRuntime().halt(ExitCodes.CANCELLED);
            },
            "ap2p-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether an interrupt asked for the run to be cancelled. */
  boolean requested() {
    return requested.get();
  }

  /** The command has reported the run's end: the hook may end the process. */
  void reported() {
    reported.countDown();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook ends the process
    }
  }
}
