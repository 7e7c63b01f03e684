package io.ap2p.sim.run;

import io.ap2p.core.execution.Task;
import java.util.HashMap;
import java.util.Map;

/** What PointRun keeps of one workflow to judge its outcome. */
final class Flow {
  final Requester requester;
  final long startedMicros;

  /** The last real (not canary) task sent for each step: the world knows its right answer. */
  final Map<String, Task> lastRealTask = new HashMap<>();

  Flow(Requester requester, long startedMicros) {
    this.requester = requester;
    this.startedMicros = startedMicros;
  }
}
