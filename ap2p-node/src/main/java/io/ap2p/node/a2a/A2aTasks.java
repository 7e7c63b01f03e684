package io.ap2p.node.a2a;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The A2A tasks a node remembers, in memory: at most {@value #MAX}, holding results of at most
 * {@value #MAX_RESULT_BYTES} bytes in all, checked when a task is added and when one ends (the
 * oldest ended task goes first; with {@value #MAX} still running, a new one is refused).
 * Thread-safe.
 */
final class A2aTasks {

  /** Most tasks kept. */
  static final int MAX = 256;

  /** Most bytes of results kept (256 MiB): past it, the oldest ended tasks are forgotten. */
  static final long MAX_RESULT_BYTES = 256L << 20;

  private final long maxResultBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, A2aTask> byId = new LinkedHashMap<>();

  A2aTasks() {
    this(MAX_RESULT_BYTES);
  }

  A2aTasks(long maxResultBytes) {
    this.maxResultBytes = maxResultBytes;
  }

  /**
   * Keeps {@code task}.
   *
   * @throws RpcException when {@value #MAX} tasks are running
   */
  void add(A2aTask task) throws RpcException {
    lock.lock();
    try {
      if (byId.size() >= MAX) {
        Iterator<A2aTask> it = byId.values().iterator();
        boolean freed = false;
        while (it.hasNext()) {
          if (it.next().snapshot().state().terminal()) {
            it.remove();
            freed = true;
            break;
          }
        }
        if (!freed) {
          throw new RpcException(
              RpcException.INTERNAL, MAX + " A2A tasks are running: try again when one ends");
        }
      }
      byId.put(task.id, task);
      trim();
    } finally {
      lock.unlock();
    }
  }

  /** Called when a task has ended: forgets the oldest ended tasks while results are over budget. */
  void ended() {
    lock.lock();
    try {
      trim();
    } finally {
      lock.unlock();
    }
  }

  private void trim() {
    long bytes = 0;
    for (A2aTask t : byId.values()) {
      bytes += t.snapshot().output().map(o -> (long) o.bytes().length()).orElse(0L);
    }
    Iterator<A2aTask> it = byId.values().iterator();
    while (bytes > maxResultBytes && it.hasNext()) {
      A2aTask.Snapshot s = it.next().snapshot();
      if (s.state().terminal() && s.output().isPresent()) {
        bytes -= s.output().get().bytes().length();
        it.remove();
      }
    }
  }

  Optional<A2aTask> get(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(byId.get(id));
    } finally {
      lock.unlock();
    }
  }
}
