package io.ap2p.sim.run;

import io.ap2p.core.execution.Task;
import io.ap2p.core.execution.WorkflowRun;
import java.util.HashMap;
import java.util.Map;

/** What one workflow run needs besides its state machine. */
final class Flow {
  final Requester requester;
  final WorkflowRun run;
  final long startedMicros;
  final Map<String, Task> lastRealTask = new HashMap<>();
  final Map<Integer, Long> probeSent = new HashMap<>();

  Flow(Requester requester, WorkflowRun run, long startedMicros) {
    this.requester = requester;
    this.run = run;
    this.startedMicros = startedMicros;
  }
}
