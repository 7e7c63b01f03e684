package io.ap2p.node.dashboard;

import io.ap2p.core.time.Clock;
import io.ap2p.node.execution.TaskRun;
import io.ap2p.node.execution.WorkflowService;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the chart draws: each finished run's end time, outcome and latency. A run's latency is from
 * when this history first saw it (it looks every {@value #POLL_MILLIS} ms, so at most that much
 * late) to when it ended. Keeps the last {@value #MAX_POINTS} runs.
 */
final class RunHistory {

  static final long POLL_MILLIS = 200;
  static final int MAX_POINTS = 1000;

  /** A finished run. */
  record Point(long endedAtMillis, boolean ok, long latencyMillis) {}

  private final WorkflowService workflows;
  private final Clock clock;
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final ArrayDeque<Point> points = new ArrayDeque<>();

  RunHistory(WorkflowService workflows, Clock clock) {
    this.workflows = workflows;
    this.clock = clock;
  }

  /** Notices new runs; called every {@link #POLL_MILLIS} ms. */
  void poll() {
    List<TaskRun> runs = workflows.runs();
    Set<String> live = new HashSet<>();
    for (TaskRun run : runs) {
      live.add(run.id());
      boolean fresh;
      long now = clock.millis();
      synchronized (this) {
        fresh = firstSeen.putIfAbsent(run.id(), now) == null;
      }
      if (fresh) {
        run.done().whenComplete((s, e) -> ended(now, s));
      }
    }
    synchronized (this) {
      firstSeen.keySet().retainAll(live);
    }
  }

  private void ended(long seenAt, TaskRun.Snapshot s) {
    long now = clock.millis();
    boolean ok = s != null && s.state() == TaskRun.State.SUCCEEDED;
    synchronized (this) {
      points.addLast(new Point(now, ok, Math.max(0, now - seenAt)));
      while (points.size() > MAX_POINTS) {
        points.removeFirst();
      }
    }
  }

  /** The finished runs, oldest first. */
  synchronized List<Point> points() {
    return List.copyOf(points);
  }
}
