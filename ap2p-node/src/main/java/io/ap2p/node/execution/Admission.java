package io.ap2p.node.execution;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.incentives.ServicePolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who may run a task now: node-wide and per-requester limits on running invocations, with a bounded
 * queue behind them. A request beyond the queue is refused at once (the provider answers BUSY
 * before reading the input); a queued one waits for a slot until its deadline. The queue is served
 * contributors first: by the requester's reciprocity balance, highest first, then in arrival order
 * ({@link ServicePolicy#ORDER}); a waiter whose requester is at its running limit lets the next one
 * pass.
 */
final class Admission {

  /** A slot to release when the invocation ends. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** Why a request got no slot. */
  enum Refusal {
    /** Node-wide queue full. */
    QUEUE_FULL,
    /** This requester's share of the queue is used up. */
    REQUESTER_QUEUE_FULL,
    /** Waited in the queue until the deadline. */
    QUEUE_TIMEOUT
  }

  private final ExecutionLimits limits;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition freed = lock.newCondition();
  private final Map<PeerId, int[]> perPeer = new HashMap<>(); // {running, queued}
  private final Map<Refusal, AtomicLong> refusals = new java.util.EnumMap<>(Refusal.class);
  private final java.util.TreeMap<ServicePolicy.Waiting, int[]> waiting =
      new java.util.TreeMap<>(ServicePolicy.ORDER); // waiter → its requester's counts
  private long arrivals;
  private int running;
  private int queued;

  Admission(ExecutionLimits limits) {
    this.limits = limits;
    for (Refusal r : Refusal.values()) {
      refusals.put(r, new AtomicLong());
    }
  }

  /** The answer to a request: a slot, or why there is none. */
  sealed interface Ticket {
    /** Run now; close the slot when done. */
    record Granted(Slot slot) implements Ticket {}

    /** Do not run; answer BUSY. */
    record Refused(Refusal reason) implements Ticket {}
  }

  /** A slot for {@code peer}, waiting in the queue at most {@code waitMillis}, or a refusal. */
  Ticket acquire(PeerId peer, long waitMillis) throws InterruptedException {
    return acquire(peer, 0, waitMillis);
  }

  /**
   * A slot for {@code peer}, whose reciprocity balance is {@code balanceMicros}, waiting in the
   * queue at most {@code waitMillis} (ahead of requesters with lower balances), or a refusal.
   */
  Ticket acquire(PeerId peer, long balanceMicros, long waitMillis) throws InterruptedException {
    lock.lock();
    try {
      int[] mine = perPeer.computeIfAbsent(peer, p -> new int[2]);
      if (canRun(mine) && next() == null) { // no waiter could take the free slot
        return take(peer, mine);
      }
      if (queued >= limits.maxQueued()) {
        return refuse(peer, mine, Refusal.QUEUE_FULL);
      }
      if (mine[1] >= limits.maxQueuedPerRequester()) {
        return refuse(peer, mine, Refusal.REQUESTER_QUEUE_FULL);
      }
      queued++;
      mine[1]++;
      ServicePolicy.Waiting me = new ServicePolicy.Waiting(balanceMicros, arrivals++);
      waiting.put(me, mine);
      long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
      boolean runnable;
      try {
        while (!(runnable = next() == me) && nanos > 0) {
          nanos = freed.awaitNanos(nanos);
        }
      } finally {
        queued--;
        mine[1]--;
        waiting.remove(me);
        freed.signalAll(); // the next waiter may be runnable now
      }
      return runnable ? take(peer, mine) : refuse(peer, mine, Refusal.QUEUE_TIMEOUT);
    } finally {
      lock.unlock();
    }
  }

  /** Requests refused for {@code reason} so far. */
  long refused(Refusal reason) {
    return refusals.get(reason).get();
  }

  /** Invocations running now. */
  int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** The first waiter, in service order, whose requester may run now; null if none. */
  private ServicePolicy.Waiting next() {
    for (var e : waiting.entrySet()) {
      if (canRun(e.getValue())) {
        return e.getKey();
      }
      if (running >= limits.maxRunning()) {
        return null;
      }
    }
    return null;
  }

  /** Requests waiting now. */
  int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  private boolean canRun(int[] mine) {
    return running < limits.maxRunning() && mine[0] < limits.maxRunningPerRequester();
  }

  private Ticket take(PeerId peer, int[] mine) {
    running++;
    mine[0]++;
    boolean[] closed = {false};
    return new Ticket.Granted(
        () -> {
          lock.lock();
          try {
            if (closed[0]) {
              return;
            }
            closed[0] = true;
            running--;
            mine[0]--;
            if (mine[0] == 0 && mine[1] == 0) {
              perPeer.remove(peer);
            }
            freed.signalAll();
          } finally {
            lock.unlock();
          }
        });
  }

  private Ticket refuse(PeerId peer, int[] mine, Refusal why) {
    if (mine[0] == 0 && mine[1] == 0) {
      perPeer.remove(peer);
    }
    refusals.get(why).incrementAndGet();
    return new Ticket.Refused(why);
  }
}
