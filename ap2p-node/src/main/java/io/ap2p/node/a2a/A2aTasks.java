package io.ap2p.node.a2a;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The A2A tasks a node remembers, in memory: at most {@value #MAX} (the oldest ended task goes
 * first; with {@value #MAX} still running, a new one is refused). Thread-safe.
 */
final class A2aTasks {

  /** Most tasks kept. */
  static final int MAX = 256;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, A2aTask> byId = new LinkedHashMap<>();

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
    } finally {
      lock.unlock();
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
