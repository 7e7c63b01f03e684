package io.ap2p.cli.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls in flight, by the key {@link Inbound} gave each, so that a client's {@code
 * notifications/cancelled} reaches the task a call runs. A cancellation may overtake the call it
 * names (the SDK starts handlers on other threads): the last {@value #EARLY} such keys are kept and
 * a call that starts under one is cancelled at once. At most {@value #MAX_RUNNING} calls run at
 * once; more are refused.
 */
final class Calls {

  /** Most calls running at once. */
  static final int MAX_RUNNING = 16;

  /** Most cancellations kept for calls not (yet) started. */
  static final int EARLY = 256;

  /** Something to stop. */
  interface Cancellable {
    void cancel();
  }

  private static final Cancellable PENDING = () -> {};

  private final Map<String, Cancellable> running = new ConcurrentHashMap<>();
  private final Map<String, Boolean> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > EARLY;
        }
      };

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
        early.put(key, Boolean.TRUE);
      }
    }
    c.ifPresent(Cancellable::cancel);
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
