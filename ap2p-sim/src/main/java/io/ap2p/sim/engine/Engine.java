package io.ap2p.sim.engine;

import io.ap2p.core.time.Clock;

/**
 * The discrete-event engine: virtual time in microseconds, a queue of events, and a clock that core
 * state machines read. Single-threaded; one engine per run, so runs of different seeds can go in
 * parallel.
 */
public final class Engine implements Clock {

  /** Default cap on queued events. */
  public static final int DEFAULT_MAX_EVENTS = 50_000_000;

  private final EventQueue queue;
  private final long epochMillis;
  private long nowMicros;
  private long processed;
  private long trace = 0xcbf29ce484222325L;

  /** An engine whose virtual time 0 is {@code epochMillis} on the clock it exposes. */
  public Engine(long epochMillis, int maxEvents) {
    this.epochMillis = epochMillis;
    this.queue = new EventQueue(maxEvents);
  }

  /** Virtual time since the start, in microseconds. */
  public long nowMicros() {
    return nowMicros;
  }

  /** Virtual time since the start, in milliseconds (fractional). */
  public double nowMs() {
    return nowMicros / 1000.0;
  }

  /** The virtual wall clock core code reads: the epoch plus elapsed virtual time. */
  @Override
  public long millis() {
    return epochMillis + nowMicros / 1000;
  }

  /** Schedules {@code event} after {@code delayMicros} (clamped at 0). */
  public void after(long delayMicros, Runnable event) {
    queue.add(nowMicros + Math.max(0, delayMicros), event);
  }

  /**
   * Schedules {@code event} at virtual-clock epoch millisecond {@code atMillis} (not before now).
   */
  public void atEpochMillis(long atMillis, Runnable event) {
    queue.add(Math.max(nowMicros, (atMillis - epochMillis) * 1000), event);
  }

  /** Runs events until the queue is empty or the next one is after {@code untilMicros}. */
  public void runUntil(long untilMicros) {
    while (queue.size() > 0 && queue.peekTime() <= untilMicros) {
      nowMicros = queue.peekTime();
      Runnable e = queue.poll();
      processed++;
      trace = (trace ^ nowMicros) * 0x100000001b3L;
      e.run();
    }
    nowMicros = Math.max(nowMicros, untilMicros);
  }

  /** Runs at most {@code count} events (fewer when the queue empties); returns how many ran. */
  public long runEvents(long count) {
    long n = 0;
    while (n < count && queue.size() > 0) {
      nowMicros = queue.peekTime();
      Runnable e = queue.poll();
      processed++;
      trace = (trace ^ nowMicros) * 0x100000001b3L;
      e.run();
      n++;
    }
    return n;
  }

  /** Events processed so far. */
  public long processed() {
    return processed;
  }

  /** Events waiting. */
  public int pending() {
    return queue.size();
  }

  /** A hash over the times of every processed event: equal runs have equal traces. */
  public long traceHash() {
    return trace;
  }

  /** Folds a value into the trace (models mark decisions they want checked for determinism). */
  public void trace(long value) {
    trace = (trace ^ value) * 0x100000001b3L;
  }
}
