package io.ap2p.net.runtime;

import io.ap2p.core.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives one sans-I/O state machine in real time: every input (a request from a stream, a timer)
 * runs under one lock, so the state machine sees one event at a time as it does in the simulator;
 * timers run on a virtual-thread scheduler. The state machine reads time only from the {@link
 * Clock} it was built with, which is this driver's.
 *
 * @param <S> the state machine's type
 */
public final class Driver<S> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Driver.class.getName());

  private final S machine;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("driver-timer").factory());

  /** A driver for {@code machine}, whose clock is {@code clock}. */
  public Driver(S machine, Clock clock) {
    this.machine = machine;
    this.clock = clock;
  }

  /** The clock the state machine reads. */
  public Clock clock() {
    return clock;
  }

  /** Runs {@code input} against the state machine, alone, and returns what it returns. */
  public <T> T apply(java.util.function.Function<S, T> input) {
    lock.lock();
    try {
      return input.apply(machine);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code input} against the state machine, alone. */
  public void accept(java.util.function.Consumer<S> input) {
    lock.lock();
    try {
      input.accept(machine);
    } finally {
      lock.unlock();
    }
  }

  /** A handle to a scheduled timer. */
  public interface Timer {
    /** Stops the timer; idempotent. */
    void cancel();
  }

  /**
   * Runs {@code tick} against the state machine every {@code period}, first after one period. A
   * tick that throws is logged and the timer keeps going.
   */
  public Timer every(Duration period, java.util.function.Consumer<S> tick) {
    ScheduledFuture<?> f =
        timers.scheduleAtFixedRate(
            () -> safely(tick), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Runs {@code action} against the state machine once, after {@code delay}. */
  public Timer after(Duration delay, java.util.function.Consumer<S> action) {
    ScheduledFuture<?> f =
        timers.schedule(() -> safely(action), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  private void safely(java.util.function.Consumer<S> input) {
    try {
      accept(input);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "timer input failed", e);
    }
  }

  /** Stops the timers. */
  @Override
  public void close() {
    timers.shutdownNow();
  }
}
