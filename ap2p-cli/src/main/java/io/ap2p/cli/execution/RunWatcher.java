package io.ap2p.cli.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Follows a run until it ends, polling every {@link #POLL}, and tells stderr what changes: steps
 * starting and ending, progress, failed attempts.
 */
final class RunWatcher {

  /** How often the run is looked at. */
  static final Duration POLL = Duration.ofMillis(200);

  private final Session session;
  private final String id;
  private final PrintWriter err;
  private final boolean named;
  private final Map<String, String> states = new HashMap<>();
  private final Map<String, String> progress = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();

  /** Watches run {@code id}; {@code named}: prefix lines with the step's name (workflows). */
  RunWatcher(Session session, String id, PrintWriter err, boolean named) {
    this.session = session;
    this.id = id;
    this.err = err;
    this.named = named;
  }

  /** Waits for the run to end; its last state (task JSON, no outputs). */
  JsonNode await() {
    while (true) {
      JsonNode s = session.status(id);
      report(s);
      if (Session.ended(s.path("state").asText())) {
        return s;
      }
      session.pause(id, POLL);
    }
  }

  private void report(JsonNode run) {
    for (JsonNode step : run.path("steps")) {
      String name = step.path("name").asText();
      String prefix = "ap2p: " + (named ? name + ": " : "");
      JsonNode failed = step.path("failures");
      int seen = failures.getOrDefault(name, 0);
      for (int i = seen; i < failed.size(); i++) {
        err.println(prefix + "attempt failed: " + failed.get(i).asText());
      }
      failures.put(name, failed.size());
      String state = step.path("state").asText();
      String p =
          String.format(
              Locale.ROOT,
              "%.0f%% %s",
              step.path("progress").asDouble() * 100,
              step.path("progressMessage").asText());
      if (state.equals("RUNNING")
          && step.path("progress").asDouble() > 0
          && !p.equals(progress.put(name, p))) {
        err.println(prefix + "progress " + p.strip());
      }
      if (named && !state.equals(states.put(name, state)) && !state.equals("PENDING")) {
        String via =
            step.path("provider").isTextual() ? " via " + step.path("provider").asText() : "";
        err.println(prefix + state + (Session.ended(state) ? via : ""));
      }
    }
    err.flush();
  }
}
