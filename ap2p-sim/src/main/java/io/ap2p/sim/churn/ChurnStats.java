package io.ap2p.sim.churn;

/**
 * What churn did in one run and what requesters saw of it.
 *
 * @param named providers named by discovery answers (registry: descriptors returned; DHT: provider
 *     records returned by lookups)
 * @param stale of those, the ones naming a provider that was offline (or crashed, or had retired
 *     that identity) when the answer arrived, or a descriptor the provider had since replaced
 * @param departures sessions that ended during the run
 * @param returns peers that came back online during the run
 * @param coldStarts tasks that paid a cold start
 */
public record ChurnStats(long named, long stale, long departures, long returns, long coldStarts) {

  /** Nothing measured: a run without churn. */
  public static final ChurnStats NONE = new ChurnStats(0, 0, 0, 0, 0);

  /** Fraction of named providers that were stale (0 when none were named). */
  public double staleRate() {
    return named == 0 ? 0 : (double) stale / named;
  }
}
