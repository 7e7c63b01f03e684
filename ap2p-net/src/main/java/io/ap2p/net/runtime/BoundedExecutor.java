package io.ap2p.net.runtime;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks on at most {@code workers} virtual threads at once, with at most {@code capacity}
 * tasks waiting; a task beyond that is refused ({@link #trySubmit} returns false) and the caller
 * decides what a refusal means (fail the request, retry later). Replaces "a virtual thread per
 * send", which a burst of work can turn into an unbounded number of threads.
 */
public final class BoundedExecutor implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BoundedExecutor.class.getName());

  private final String name;
  private final int workers;
  private final BlockingQueue<Runnable> queue;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean closed;

  /**
   * An executor whose threads are named {@code name}.
   *
   * @param workers most tasks running at once
   * @param capacity most tasks waiting
   */
  public BoundedExecutor(String name, int workers, int capacity) {
    if (workers < 1 || capacity < 1) {
      throw new IllegalArgumentException("workers and capacity must be positive");
    }
    this.name = name;
    this.workers = workers;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Queues {@code task}; false if the queue is full or the executor closed (nothing runs then). */
  public boolean trySubmit(Runnable task) {
    if (closed || !queue.offer(task)) {
      refused.incrementAndGet();
      return false;
    }
    startWorkerIfNeeded();
    return true;
  }

  /** Tasks refused so far. */
  public int refused() {
    return refused.get();
  }

  /** Tasks running now. */
  public int running() {
    return running.get();
  }

  /** Tasks waiting now. */
  public int waiting() {
    return queue.size();
  }

  private void startWorkerIfNeeded() {
    while (true) {
      int n = running.get();
      if (n >= workers || queue.isEmpty()) {
        return;
      }
      if (running.compareAndSet(n, n + 1)) {
        Thread.ofVirtual().name(name).start(this::work);
        return;
      }
    }
  }

  private void work() {
    try {
      Runnable r;
      while (!closed && (r = queue.poll()) != null) {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, name + " task failed", e);
        }
      }
    } finally {
      running.decrementAndGet();
    }
    if (!closed) {
      startWorkerIfNeeded(); // a task queued while this worker was leaving
    }
  }

  /** Drops waiting tasks; running ones finish on their own. */
  @Override
  public void close() {
    closed = true;
    queue.clear();
  }
}
