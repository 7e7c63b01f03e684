package io.ap2p.node.execution.handler;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Supervises one started process: feeds stdin, drains stdout and stderr, waits for the exit, the
 * deadline or a cancel, and kills the process tree when it must stop early.
 *
 * <pre>
 *   running ──exit──────────────────────────────▶ exited ──▶ output, or FAILED (status, stderr)
 *      │ deadline / cancel / stdout over limit
 *      ▼
 *   killing (descendants, then the process) ───▶ DEADLINE_EXCEEDED / CANCELLED / OUTPUT_TOO_LARGE
 * </pre>
 */
final class ExecRun {

  /** Bytes of stderr kept for the failure message. */
  static final int STDERR_CAPTURE = 4096;

  /** How often the deadline and the process tree are looked at while the process runs. */
  private static final long POLL_MILLIS = 50;

  /** How long the pipes may stay open after the process is gone (held by orphans). */
  private static final long DRAIN_GRACE_MILLIS = 2_000;

  private final Process process;
  private final Invocation invocation;
  private final Cancellation cancellation;
  private final ProcessTree tree;
  private final StdoutCollector stdout;
  private final StderrReader stderr;
  private final Thread stdoutThread;
  private final Thread stderrThread;

  /** Why the process was stopped early, first reason wins; null while none. */
  private final AtomicReference<TaskErrorCode> stopped = new AtomicReference<>();

  ExecRun(
      Process process,
      Invocation invocation,
      Progress progress,
      Cancellation cancellation,
      long outputLimit) {
    this.process = process;
    this.invocation = invocation;
    this.cancellation = cancellation;
    this.tree = new ProcessTree(process);
    this.stdout =
        new StdoutCollector(
            process.getInputStream(), outputLimit, () -> stop(TaskErrorCode.OUTPUT_TOO_LARGE));
    this.stderr = new StderrReader(process.getErrorStream(), progress, STDERR_CAPTURE);
    String name = "exec " + invocation.taskId();
    Thread.ofVirtual().name(name + " stdin").start(this::writeStdin);
    this.stdoutThread = Thread.ofVirtual().name(name + " stdout").start(stdout);
    this.stderrThread = Thread.ofVirtual().name(name + " stderr").start(stderr);
  }

  /** Waits for the end and turns it into an output or an error. */
  Output await(String mediaType) throws HandlerException {
    cancellation.onCancel(() -> stop(TaskErrorCode.CANCELLED));
    try {
      waitForExit();
    } catch (InterruptedException e) {
      stop(TaskErrorCode.CANCELLED);
      Thread.currentThread().interrupt();
    }
    // Whatever is left of the tree must not outlive the task.
    tree.killAll();
    boolean drained = join(stdoutThread) & join(stderrThread);
    TaskErrorCode why = stopped.get();
    if (why != null) {
      throw switch (why) {
        case CANCELLED -> HandlerException.cancelled();
        case OUTPUT_TOO_LARGE -> HandlerException.outputTooLarge(stdout.limit());
        default -> HandlerException.deadlineExceeded();
      };
    }
    if (!drained) {
      throw HandlerException.failed("the command's output did not end after it exited");
    }
    int status = process.exitValue();
    if (status != 0) {
      String err = stderr.captured();
      throw HandlerException.failed(
          "exit status " + status + (err.isEmpty() ? "" : ": " + err.strip()));
    }
    String err = stderr.captured();
    return new Output(
        Bytes.wrap(stdout.bytes()),
        mediaType,
        err.isEmpty()
            ? Trace.of(Trace.tool("exit", "0"))
            : Trace.of(
                Trace.tool("exit", "0"),
                Trace.artefact("stderr", Bytes.wrap(err.getBytes(StandardCharsets.UTF_8)))));
  }

  private void waitForExit() throws InterruptedException {
    while (true) {
      long remaining = invocation.remainingMillis();
      if (remaining <= 0) {
        stop(TaskErrorCode.DEADLINE_EXCEEDED);
        return;
      }
      if (process.waitFor(Math.min(remaining, POLL_MILLIS), TimeUnit.MILLISECONDS)) {
        return;
      }
      if (stopped.get() != null) {
        return;
      }
      tree.remember();
    }
  }

  /** Records why, kills the tree; the first reason is the one reported. */
  private void stop(TaskErrorCode why) {
    stopped.compareAndSet(null, why);
    tree.killAll();
  }

  private boolean join(Thread t) {
    try {
      if (t.join(Duration.ofMillis(DRAIN_GRACE_MILLIS))) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // An orphan we could not see still holds the pipe: stop reading from it.
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
    t.interrupt();
    return false;
  }

  private void writeStdin() {
    try (OutputStream in = process.getOutputStream()) {
      in.write(invocation.input().toByteArray());
    } catch (IOException e) {
      // The command exited or closed stdin without reading everything: not an error by itself.
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
