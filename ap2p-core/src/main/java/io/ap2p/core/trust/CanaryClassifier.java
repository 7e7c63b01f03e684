package io.ap2p.core.trust;

import io.ap2p.core.wire.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's guess whether a task is a canary, judged only from what it receives: the requester
 * (its peer id, with the capability asked for), the input (its bytes and size) and when it arrived.
 * No flag on the wire says which task is a canary. This is the threat model the {@code
 * canary-evader} persona of real nodes and the simulator's canary evader share. A "requester" here
 * is one peer asking for one capability (a workflow's publish step following its generate step is
 * not a canary beside a task). The first rule that fires names the suspicion:
 *
 * <ol>
 *   <li>{@link Reason#SEEN_INPUT}: this exact input arrived before, from anyone (a canary set
 *       reuses its inputs; {@link Inputs} may be shared by every identity of one adversary);
 *   <li>{@link Reason#FIRST_CONTACT}: the requester never sent a task before (probing comes first);
 *   <li>{@link Reason#TOGETHER}: the requester's previous task arrived less than {@link
 *       #TOGETHER_MS} ms before (a canary sent beside a real task);
 *   <li>{@link Reason#ODD_SIZE}: after {@link #SIZE_HISTORY} tasks, an input under half or over
 *       twice the requester's mean input size.
 * </ol>
 *
 * Every task updates the history. Memory is bounded: the last {@value #MAX_REQUESTERS} requesters
 * and {@value #MAX_INPUTS} input digests. Not thread-safe: callers serialise (a node locks, the
 * simulator is single-threaded per run).
 */
public final class CanaryClassifier {

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

  /** Requesters whose history is kept. */
  public static final int MAX_REQUESTERS = 4096;

  /** Input digests remembered. */
  public static final int MAX_INPUTS = 65_536;

  /** The inputs seen so far (digests, bounded), which several classifiers may share. */
  public static final class Inputs {
    private final Map<Bytes, Boolean> seen = lru(MAX_INPUTS);

    /** Remembers {@code input}; whether it was seen before. */
    boolean seenBefore(Bytes input) {
      return seen.put(Digests.sha256(input), Boolean.TRUE) != null;
    }
  }

  private static final class History {
    long lastAt;
    long count;
    double meanSize;
  }

  private final Map<String, History> requesters = lru(MAX_REQUESTERS);
  private final Inputs inputs;

  /** A classifier that has seen nothing yet, with its own memory of inputs. */
  public CanaryClassifier() {
    this(new Inputs());
  }

  /** A classifier remembering inputs in {@code inputs} (shared by one adversary's identities). */
  public CanaryClassifier(Inputs inputs) {
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  /**
   * Judges a task from {@code requester} with {@code input} arriving at {@code nowMillis}: the
   * reason it looks like a canary, or empty when it looks real.
   */
  public Optional<Reason> judge(String requester, Bytes input, long nowMillis) {
    History h = requesters.get(requester);
    Optional<Reason> reason;
    if (inputs.seenBefore(input)) {
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
    return reason;
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
