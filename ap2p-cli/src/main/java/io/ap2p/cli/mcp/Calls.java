package io.ap2p.cli.mcp;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The tool calls in flight, by the key {@link Inbound} gave each, so that a client's {@code
 * notifications/cancelled} reaches the task a call runs. A cancellation may overtake the call it
 * names (the SDK starts handlers on other threads): the last {@value #EARLY} such keys are kept for
 * {@link #EARLY_TTL} and a call that starts under one in that time is cancelled at once. Kept no
 * longer, a cancellation that came just after its call ended (MCP: one for an unknown request is
 * ignored) cannot cancel a later call that reuses the request id. At most {@value #MAX_RUNNING}
 * calls run at once; more are refused.
 */
final class Calls {

  /** Most calls running at once. */
  static final int MAX_RUNNING = 16;

  /** Most cancellations kept for calls not (yet) started. */
  static final int EARLY = 64;

  /** How long a cancellation is kept for a call not (yet) started. */
  static final Duration EARLY_TTL = Duration.ofSeconds(5);

  /** Something to stop. */
  interface Cancellable {
    void cancel();
  }

  private static final Cancellable PENDING = () -> {};

  private final Map<String, Cancellable> running = new ConcurrentHashMap<>();

  /** Cancellations not (yet) matched, oldest first: key to when it came ({@link #nanos}). */
  private final Map<String, Long> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > EARLY;
        }
      };

  private final LongSupplier nanos;

  Calls() {
    this(System::nanoTime);
  }

  /** Calls that read time from {@code nanos} (as {@link System#nanoTime}; tests). */
  Calls(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * Registers the call {@code key}; {@code false} if it may not start: too many run, or the same
   * key runs already.
   */
  boolean begin(String key) {
    synchronized (this) {
      if (running.size() >= MAX_RUNNING || running.containsKey(key)) {
        return false;
      }
      running.put(key, PENDING);
      return true;
    }
  }

  /**
   * Attaches what cancels the call {@code key}; if a cancellation came already, runs it at once and
   * says so.
   */
  boolean attach(String key, Cancellable c) {
    boolean cancelled;
    synchronized (this) {
      running.replace(key, c);
      expire();
      cancelled = early.remove(key) != null;
    }
    if (cancelled) {
      c.cancel();
    }
    return cancelled;
  }

  /** The call {@code key} ended. */
  void end(String key) {
    synchronized (this) {
      running.remove(key);
      early.remove(key);
    }
  }

  /** A client cancelled the call {@code key}. */
  void cancel(String key) {
    Optional<Cancellable> c;
    synchronized (this) {
      c = Optional.ofNullable(running.get(key)).filter(r -> r != PENDING);
      if (c.isEmpty()) {
        expire();
        early.remove(key);
        early.put(key, nanos.getAsLong());
      }
    }
    c.ifPresent(Cancellable::cancel);
  }

  /** Drops the cancellations older than {@link #EARLY_TTL} (they are in arrival order). */
  private void expire() {
    long now = nanos.getAsLong();
    Iterator<Long> it = early.values().iterator();
    while (it.hasNext() && now - it.next() > EARLY_TTL.toNanos()) {
      it.remove();
    }
  }

  /** Cancellations kept for calls not (yet) started. */
  synchronized int early() {
    expire();
    return early.size();
  }

  /** Cancels every call (the server is closing). */
  void cancelAll() {
    running.values().stream().filter(c -> c != PENDING).forEach(Cancellable::cancel);
  }

  /** Calls running. */
  int running() {
    return running.size();
  }
}
