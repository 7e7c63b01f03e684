package io.ap2p.core.incentives;

import java.util.Comparator;

/**
 * A provider's rules for whom it serves: requesters whose ledger balance is at least {@code
 * minBalanceMicros} are served (contributors first when busy, by {@link #ORDER}); below it, a
 * requester must attach a {@link Stamp} of at least {@code stampBits} bits, or is refused when
 * {@code stampBits} is 0. A newcomer has balance 0, so with a minimum above 0 its path in is to pay
 * stamps until it has served this provider enough.
 *
 * <pre>
 *  balance ≥ min ─────────────────────────► admitted, queued by balance
 *  balance &lt; min ── stamp ≥ bits (bits &gt; 0) ─► admitted, queued by balance
 *                └─ otherwise ─────────────► refused: CREDIT (answered before input is read)
 * </pre>
 *
 * @param minBalanceMicros the least balance served without a stamp; {@link Long#MIN_VALUE} serves
 *     everyone
 * @param stampBits the difficulty asked of requesters below the minimum (0: no stamp accepted)
 */
public record ServicePolicy(long minBalanceMicros, int stampBits) {

  /** Serves everyone; the queue still orders by balance. */
  public static final ServicePolicy OPEN = new ServicePolicy(Long.MIN_VALUE, 0);

  /** Checks the difficulty. */
  public ServicePolicy {
    Stamp.checkBits(stampBits);
  }

  /** Whether a requester with {@code balanceMicros} whose stamp has {@code stampBits} is served. */
  public boolean admits(long balanceMicros, int presentedBits) {
    if (balanceMicros >= minBalanceMicros) {
      return true;
    }
    return stampBits > 0 && presentedBits >= stampBits;
  }

  /** Whether a requester with {@code balanceMicros} needs a stamp. */
  public boolean needsStamp(long balanceMicros) {
    return balanceMicros < minBalanceMicros;
  }

  /** The reason given to a refused requester (carried in the error message). */
  public String refusal(long balanceMicros) {
    return stampBits > 0
        ? "balance "
            + balanceMicros
            + " below "
            + minBalanceMicros
            + " micro-units: attach a stamp of "
            + stampBits
            + " bits"
        : "balance " + balanceMicros + " below " + minBalanceMicros + " micro-units";
  }

  /**
   * A waiting request as the queue sees it.
   *
   * @param balanceMicros the requester's balance when it arrived
   * @param arrival arrival order (ties between equal balances go first come, first served)
   */
  public record Waiting(long balanceMicros, long arrival) {}

  /** Queue order when busy: higher balance first, then arrival order. */
  public static final Comparator<Waiting> ORDER =
      Comparator.comparingLong((Waiting w) -> -Math.max(w.balanceMicros(), Long.MIN_VALUE + 1))
          .thenComparingLong(Waiting::arrival);
}
