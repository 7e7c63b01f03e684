package io.ap2p.node.persona;

import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.transport.LengthPrefixed;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The silent persona's side of {@code /ap2p/task/1.0.0}, in place of the task service: it takes the
 * INVOKE and the input and never answers, holding the stream open until the requester gives up
 * (cancels, resets or closes) or, at the latest, {@link #GRACE} after the task's deadline. It sends
 * no frame at all, so the requester sees a timeout, not an error. At most {@link #MAX_HELD} streams
 * are held; more are reset at once, so a flood cannot exhaust the node.
 */
final class SilentService {

  /** How long past a task's deadline its stream is held before it is reset. */
  static final Duration GRACE = Duration.ofSeconds(10);

  /** Streams held at once. */
  static final int MAX_HELD = 256;

  private static final Duration FIRST_FRAME = Duration.ofSeconds(10);

  private final TaskLimits limits;
  private final Clock clock;
  private final Semaphore held = new Semaphore(MAX_HELD);
  private final AtomicLong silenced = new AtomicLong();

  /** Replaces the task protocol's handler on {@code host}. */
  SilentService(Host host, TaskLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    host.handle(TaskCodec.PROTOCOL, this::hold);
  }

  /** Streams held now. */
  int holding() {
    return MAX_HELD - held.availablePermits();
  }

  /** Tasks taken and never answered. */
  long silenced() {
    return silenced.get();
  }

  private void hold(Stream s) {
    if (!held.tryAcquire()) {
      s.reset();
      return;
    }
    try {
      s.setReadTimeout(FIRST_FRAME);
      Optional<byte[]> first = LengthPrefixed.readIfAny(s.in(), limits.maxFrame());
      if (first.isEmpty()
          || !(TaskCodec.decode(Bytes.wrap(first.get()), limits)
              instanceof TaskMessage.Invoke inv)) {
        return;
      }
      silenced.incrementAndGet();
      long until = clock.millis() + inv.deadlineMillis() + GRACE.toMillis();
      while (true) {
        long left = until - clock.millis();
        if (left <= 0) {
          return;
        }
        s.setReadTimeout(Duration.ofMillis(left));
        if (LengthPrefixed.readIfAny(s.in(), limits.maxFrame()).isEmpty()) {
          return; // the requester closed
        }
      }
    } catch (IOException | TaskFormatException | RuntimeException e) {
      // the requester gave up (reset, timeout) or sent garbage: nothing to answer either way
    } finally {
      held.release();
      s.reset();
    }
  }
}
