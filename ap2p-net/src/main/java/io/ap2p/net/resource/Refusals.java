package io.ap2p.net.resource;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts refusals by reason since the host started; cheap to bump from any thread. */
public final class Refusals {

  private final LongAdder[] counts = new LongAdder[Refusal.values().length];

  /** Counters at zero. */
  public Refusals() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts one refusal for {@code reason}. */
  public void add(Refusal reason) {
    counts[reason.ordinal()].increment();
  }

  /** Refusals so far for {@code reason}. */
  public long count(Refusal reason) {
    return counts[reason.ordinal()].sum();
  }

  /** Every reason with its count, in declaration order (zeros included). */
  public Map<Refusal, Long> snapshot() {
    Map<Refusal, Long> m = new EnumMap<>(Refusal.class);
    for (Refusal r : Refusal.values()) {
      m.put(r, count(r));
    }
    return m;
  }

  /** The total over every reason. */
  public long total() {
    long n = 0;
    for (LongAdder a : counts) {
      n += a.sum();
    }
    return n;
  }
}
