package io.ap2p.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.execution.Session;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows one delegated run for a tool call until it ends: each change the client can use (a step
 * starting or ending, a provider's PROGRESS, a failed attempt) becomes an MCP progress notification
 * when the client sent a {@code progressToken}; a cancellation of the call becomes a task CANCEL.
 *
 * <p>Progress is the share of the run done, 0 to 1: ended steps plus the running step's own
 * fraction, over the steps. MCP wants it to grow with every notification, so a change that does not
 * move it moves it by a thousandth; 1 is sent only when the run has ended.
 */
final class RunFollower {

  /** How often the run is looked at. */
  static final Duration POLL = Duration.ofMillis(100);

  /** How long past its deadline a run is waited for before it is cancelled. */
  static final Duration GRACE = Duration.ofSeconds(30);

  /**
   * How long a cancelled run (past its deadline, or by the client) is waited for before the call
   * ends with a tool error, so that a run that never ends cannot hold one of the {@link
   * Calls#MAX_RUNNING} slots.
   */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

  private final Session session;
  private final McpSyncServerExchange exchange;
  private final Object progressToken;
  private final Duration grace;
  private final Duration cancelWait;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private double last = -1;
  private String lastMessage = "";

  RunFollower(Session session, McpSyncServerExchange exchange, Object progressToken) {
    this(session, exchange, progressToken, GRACE, CANCEL_WAIT);
  }

  /** A follower with other waits (tests). */
  RunFollower(
      Session session,
      McpSyncServerExchange exchange,
      Object progressToken,
      Duration grace,
      Duration cancelWait) {
    this.session = session;
    this.exchange = exchange;
    this.progressToken = progressToken;
    this.grace = grace;
    this.cancelWait = cancelWait;
  }

  /** Whether the client cancelled the call. */
  boolean cancelled() {
    return cancelled.get();
  }

  /**
   * Waits for run {@code id} to end, cancelling it when the call {@code key} is cancelled or after
   * {@code deadline} and {@link #GRACE}; its last state (task JSON, no outputs).
   *
   * @throws Args.ToolError if the run has not ended {@link #CANCEL_WAIT} after it was cancelled
   */
  JsonNode follow(String id, Calls calls, String key, Duration deadline, String startNote) {
    calls.attach(
        key,
        () -> {
          if (cancelled.compareAndSet(false, true)) {
            session.cancel(id);
          }
        });
    notify(0, startNote);
    long end = System.nanoTime() + deadline.plus(grace).toNanos();
    long cancelledAt = 0;
    while (true) {
      JsonNode s = session.status(id);
      if (Session.ended(s.path("state").asText())) {
        notify(1, "task " + id + " " + s.path("state").asText());
        return s;
      }
      report(s);
      long now = System.nanoTime();
      if (now - end > 0 && cancelled.compareAndSet(false, true)) {
        session.cancel(id);
      }
      if (cancelled.get()) {
        if (cancelledAt == 0) {
          cancelledAt = now;
        } else if (now - cancelledAt > cancelWait.toNanos()) {
          throw new Args.ToolError(
              "task "
                  + id
                  + " did not end within "
                  + cancelWait.toMillis()
                  + " ms of its cancellation (state "
                  + s.path("state").asText()
                  + "); the node may still be running it");
        }
      }
      session.pause(id, POLL);
    }
  }

  private void report(JsonNode run) {
    JsonNode steps = run.path("steps");
    int n = Math.max(1, steps.size());
    double done = 0;
    StringBuilder note = new StringBuilder();
    for (JsonNode step : steps) {
      String state = step.path("state").asText();
      if (Session.ended(state)) {
        done += 1;
      } else if (state.equals("RUNNING")) {
        done += Math.min(0.99, Math.max(0, step.path("progress").asDouble()));
        if (note.isEmpty()) {
          note.append(step.path("name").asText()).append(": running");
          if (step.path("provider").isTextual()) {
            note.append(" on ").append(step.path("provider").asText());
          }
          double p = step.path("progress").asDouble();
          if (p > 0) {
            note.append(String.format(Locale.ROOT, ", %.0f%%", p * 100));
          }
          String m = step.path("progressMessage").asText();
          if (!m.isBlank()) {
            note.append(' ').append(m.strip());
          }
          int failures = step.path("failures").size();
          if (failures > 0) {
            note.append(" (")
                .append(failures)
                .append(failures == 1 ? " attempt" : " attempts")
                .append(" failed: ")
                .append(step.path("failures").get(failures - 1).asText())
                .append(")");
          }
        }
      }
    }
    notify(Math.min(0.99, done / n), note.isEmpty() ? "finding providers" : note.toString());
  }

  private void notify(double value, String message) {
    if (progressToken == null) {
      return;
    }
    if (value < 1 && message.equals(lastMessage) && value <= last) {
      return;
    }
    double v = value >= 1 ? 1 : Math.min(0.999, Math.max(value, last + 0.001));
    if (v <= last) {
      return;
    }
    last = v;
    lastMessage = message;
    try {
      exchange.progressNotification(
          McpSchema.ProgressNotification.builder(progressToken, v)
              .total(1.0)
              .message(message)
              .build());
    } catch (RuntimeException e) {
      // the client went away: the result (or the cancellation) ends the call
    }
  }
}
