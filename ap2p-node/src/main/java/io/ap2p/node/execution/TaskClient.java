package io.ap2p.node.execution;

import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.task.RequesterSide;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requester's side of one task attempt on its own stream: INVOKE and the input out, progress
 * and the answer in, judged by ap2p-core's {@link RequesterSide}. {@link #cancel} sends CANCEL and
 * resets the stream shortly after, so the provider stops either way.
 */
public final class TaskClient {

  /** How an attempt ended. */
  public sealed interface Outcome {
    /** The provider returned a result (not yet verified). */
    record Completed(TaskResult result, String mediaType) implements Outcome {}

    /** The provider answered ERROR. */
    record Failed(TaskErrorCode code, String message) implements Outcome {}

    /** The stream broke, was cancelled or the provider broke the protocol. */
    record Broken(String reason) implements Outcome {}
  }

  /** Progress reports of the provider. */
  @FunctionalInterface
  public interface ProgressListener {
    /** The provider is {@code fraction} done. */
    void progress(double fraction, String message);
  }

  /**
   * Input written inline up to this size, well inside one yamux window (256 KiB) with its framing,
   * so the write cannot wait for credit; larger inputs go on a thread of their own.
   */
  private static final int INLINE_INPUT = 128 << 10;

  /** Time between CANCEL and the reset that follows it. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

  private final TaskLimits limits;
  private final ReentrantLock writes = new ReentrantLock();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile Stream stream;

  /** A client for one attempt under {@code limits} (its output bound is the largest answer). */
  public TaskClient(TaskLimits limits) {
    this.limits = limits;
  }

  /**
   * Runs the attempt on a new stream of {@code connection}, waiting for the answer at most {@code
   * timeout}; blocks.
   */
  public Outcome call(
      Connection connection,
      TaskMessage.Invoke invoke,
      Bytes input,
      Duration timeout,
      ProgressListener progress) {
    if (input.length() != invoke.inputLength()) {
      throw new IllegalArgumentException("the INVOKE declares another input length");
    }
    Stream s;
    try {
      s = connection.newStream(TaskCodec.PROTOCOL);
    } catch (IOException e) {
      return new Outcome.Broken("cannot open a task stream: " + e.getMessage());
    }
    stream = s;
    if (cancelled.get()) {
      s.reset();
      return new Outcome.Broken("cancelled");
    }
    try {
      s.setReadTimeout(timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout);
      List<TaskMessage> frames = new ArrayList<>();
      frames.add(invoke);
      List<TaskMessage.Data> chunks = TaskCodec.chunks(input, limits.maxChunk());
      AtomicBoolean inputSent = new AtomicBoolean();
      if (input.length() <= INLINE_INPUT) {
        frames.addAll(chunks);
        write(s, frames);
        inputSent.set(true);
      } else {
        write(s, frames);
        Thread.ofVirtual()
            .name("task-input")
            .start(
                () -> {
                  writeQuietly(s, chunks);
                  inputSent.set(true);
                });
      }
      Outcome o = read(s, progress);
      if (!inputSent.get()) {
        s.reset(); // answered before taking the input (BUSY, too large): stop the writer
      }
      return o;
    } catch (IOException e) {
      s.reset();
      return new Outcome.Broken(cancelled.get() ? "cancelled" : "stream failed: " + e.getMessage());
    }
  }

  private Outcome read(Stream s, ProgressListener progress) throws IOException {
    RequesterSide side = new RequesterSide(limits);
    while (true) {
      Optional<TaskMessage> m;
      try {
        m = TaskFrames.read(s.in(), limits);
      } catch (TaskFormatException e) {
        s.reset();
        return new Outcome.Broken("provider sent a bad frame: " + e.getMessage());
      }
      RequesterSide.Event e =
          m.isPresent()
              ? side.onFrame(m.get())
              : side.onEnd().orElseThrow(IllegalStateException::new);
      switch (e) {
        case RequesterSide.Event.Progressed p -> progress.progress(p.fraction(), p.message());
        case RequesterSide.Event.OutputPart p -> {}
        case RequesterSide.Event.Completed c -> {
          s.close();
          return new Outcome.Completed(c.result(), c.mediaType());
        }
        case RequesterSide.Event.Failed f -> {
          s.close();
          return new Outcome.Failed(f.code(), f.message());
        }
        case RequesterSide.Event.Violation v -> {
          s.reset();
          return new Outcome.Broken(
              cancelled.get() ? "cancelled" : "provider broke the protocol: " + v.why());
        }
      }
    }
  }

  /** Asks the provider to stop: CANCEL now, a reset after {@link #CANCEL_GRACE}. Idempotent. */
  public void cancel(String reason) {
    if (!cancelled.compareAndSet(false, true)) {
      return;
    }
    Stream s = stream;
    if (s == null) {
      return;
    }
    Thread.ofVirtual()
        .name("task-cancel")
        .start(
            () -> {
              try {
                // the input writer may hold the lock while it waits for credit: do not wait for
                // it long, the reset below ends the stream either way
                if (writes.tryLock(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                  try {
                    TaskFrames.write(s.out(), new TaskMessage.Cancel(shortReason(reason)));
                  } finally {
                    writes.unlock();
                  }
                  Thread.sleep(CANCEL_GRACE.toMillis());
                }
              } catch (IOException e) {
                // already gone
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              s.reset();
            });
  }

  private void write(Stream s, List<? extends TaskMessage> frames) throws IOException {
    writes.lock();
    try {
      TaskFrames.writeAll(s.out(), frames);
    } finally {
      writes.unlock();
    }
  }

  private void writeQuietly(Stream s, List<TaskMessage.Data> chunks) {
    try {
      for (TaskMessage.Data d : chunks) {
        write(s, List.of(d));
      }
    } catch (IOException e) {
      // the provider answered early (BUSY, an error) or the stream was reset
    }
  }

  /** {@code reason} cut to 64 characters of printable ASCII, within a cancel reason's limit. */
  static String shortReason(String reason) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < reason.length() && b.length() < 64; i++) {
      char c = reason.charAt(i);
      b.append(c >= ' ' && c < 0x7F ? c : '?');
    }
    return b.toString();
  }
}
