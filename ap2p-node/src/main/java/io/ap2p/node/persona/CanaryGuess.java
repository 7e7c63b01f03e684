package io.ap2p.node.persona;

import io.ap2p.core.trust.CanaryClassifier;
import io.ap2p.core.wire.Bytes;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The canary-evader's guess: whether a task is a canary, judged only from what it receives, by
 * ap2p-core's {@link CanaryClassifier} (the same rules the simulator's canary evader applies), made
 * thread-safe and counted for the persona's metrics.
 */
public final class CanaryGuess {

  private final ReentrantLock lock = new ReentrantLock();
  private final CanaryClassifier classifier = new CanaryClassifier();
  private final Map<CanaryClassifier.Reason, AtomicLong> suspected =
      new EnumMap<>(CanaryClassifier.Reason.class);
  private final AtomicLong trusted = new AtomicLong();

  /** An evader that has seen nothing yet. */
  public CanaryGuess() {
    for (CanaryClassifier.Reason r : CanaryClassifier.Reason.values()) {
      suspected.put(r, new AtomicLong());
    }
  }

  /**
   * Judges a task from {@code requester} with {@code input} arriving at {@code nowMillis}: the
   * reason it looks like a canary, or empty when it looks real.
   */
  public Optional<CanaryClassifier.Reason> judge(String requester, Bytes input, long nowMillis) {
    Optional<CanaryClassifier.Reason> reason;
    lock.lock();
    try {
      reason = classifier.judge(requester, input, nowMillis);
    } finally {
      lock.unlock();
    }
    reason.ifPresentOrElse(r -> suspected.get(r).incrementAndGet(), trusted::incrementAndGet);
    return reason;
  }

  /**
   * Tasks judged canaries, by reason ({@code suspected.<reason>}), and judged real ({@code real}).
   */
  public Map<String, Long> counters() {
    Map<String, Long> out = new LinkedHashMap<>();
    suspected.forEach((r, n) -> out.put("suspected." + r.name(), n.get()));
    out.put("real", trusted.get());
    return out;
  }
}
