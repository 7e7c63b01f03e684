package io.ap2p.node.execution.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A process and its descendants, killed together. Descendants are remembered while the process
 * runs, so children that it leaves behind when it exits (re-parented to init, no longer its
 * descendants) are still found.
 *
 * <p>A process that forks and exits between two looks escapes; real isolation needs the operating
 * system's help (a cgroup or container).
 */
final class ProcessTree {

  private final Process process;
  private final Set<ProcessHandle> known = ConcurrentHashMap.newKeySet();

  ProcessTree(Process process) {
    this.process = process;
  }

  /** Notes the current descendants. */
  void remember() {
    process.descendants().forEach(known::add);
    known.removeIf(h -> !h.isAlive());
  }

  /**
   * Kills every descendant (deepest first, as they are found) and then the process, forcibly;
   * repeats while new descendants keep appearing, a few rounds at most.
   */
  void killAll() {
    for (int round = 0; round < 4; round++) {
      List<ProcessHandle> victims = new ArrayList<>(known);
      process.descendants().forEach(victims::add);
      victims.removeIf(h -> !h.isAlive());
      victims.forEach(known::add);
      victims.forEach(ProcessHandle::destroyForcibly);
      // Through the handle: Process.destroyForcibly would also close our ends of the pipes and
      // lose output not read yet (after a normal exit, say).
      process.toHandle().destroyForcibly();
      if (victims.isEmpty()) {
        return;
      }
      known.removeIf(h -> !h.isAlive());
    }
  }
}
