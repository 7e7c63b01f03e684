package io.ap2p.node.persona;

import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The canary-evader's guess: whether a task is a canary, judged only from what it receives (the
 * requester's peer id, the capability asked for, the input, when it arrived); there is no flag on
 * the wire to read. A "requester" here is one peer asking for one capability (the evader keeps a
 * history per pair: a workflow's publish step following its generate step is not a canary beside a
 * task, and an image is not an odd size for a publish). The first rule that fires names the
 * suspicion:
 *
 * <ol>
 *   <li>{@link Reason#SEEN_INPUT}: this exact input arrived before, from anyone (a canary set
 *       reuses its inputs);
 *   <li>{@link Reason#FIRST_CONTACT}: the requester never sent a task before (probing comes first);
 *   <li>{@link Reason#TOGETHER}: the requester's previous task arrived less than {@link
 *       #TOGETHER_MS} ms before (a canary sent beside a real task);
 *   <li>{@link Reason#ODD_SIZE}: after {@link #SIZE_HISTORY} tasks, an input under half or over
 *       twice the requester's mean input size.
 * </ol>
 *
 * Every task updates the history. Memory is bounded: the last {@value #MAX_REQUESTERS} requesters
 * and {@value #MAX_INPUTS} input digests.
 */
public final class CanaryGuess {

  /** Why a task looked like a canary. */
  public enum Reason {
    /** The input was seen before. */
    SEEN_INPUT,
    /** The first task of its requester. */
    FIRST_CONTACT,
    /** Arrived within {@link #TOGETHER_MS} of the requester's previous task. */
    TOGETHER,
    /** An input size unlike the requester's history. */
    ODD_SIZE
  }

  /** Two tasks of one requester this close together (ms) look like a canary beside a task. */
  public static final long TOGETHER_MS = 100;

  /** Tasks of a requester seen before its input sizes are judged. */
  public static final int SIZE_HISTORY = 3;

  static final int MAX_REQUESTERS = 4096;
  static final int MAX_INPUTS = 65_536;

  private static final class History {
    long lastAt;
    long count;
    double meanSize;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, History> requesters = lru(MAX_REQUESTERS);
  private final Map<Bytes, Boolean> inputs = lru(MAX_INPUTS);
  private final Map<Reason, AtomicLong> suspected = new EnumMap<>(Reason.class);
  private final AtomicLong trusted = new AtomicLong();

  /** An evader that has seen nothing yet. */
  public CanaryGuess() {
    for (Reason r : Reason.values()) {
      suspected.put(r, new AtomicLong());
    }
  }

  /**
   * Judges a task from {@code requester} with {@code input} arriving at {@code nowMillis}: the
   * reason it looks like a canary, or empty when it looks real.
   */
  public Optional<Reason> judge(String requester, Bytes input, long nowMillis) {
    Bytes digest = Digests.sha256(input);
    Optional<Reason> reason;
    lock.lock();
    try {
      History h = requesters.get(requester);
      if (inputs.put(digest, Boolean.TRUE) != null) {
        reason = Optional.of(Reason.SEEN_INPUT);
      } else if (h == null) {
        reason = Optional.of(Reason.FIRST_CONTACT);
      } else if (nowMillis - h.lastAt < TOGETHER_MS) {
        reason = Optional.of(Reason.TOGETHER);
      } else if (h.count >= SIZE_HISTORY
          && (input.length() > 2 * h.meanSize || input.length() < h.meanSize / 2)) {
        reason = Optional.of(Reason.ODD_SIZE);
      } else {
        reason = Optional.empty();
      }
      if (h == null) {
        h = new History();
        requesters.put(requester, h);
      }
      h.lastAt = nowMillis;
      h.count++;
      h.meanSize += (input.length() - h.meanSize) / h.count;
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

  private static <K, V> Map<K, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}
