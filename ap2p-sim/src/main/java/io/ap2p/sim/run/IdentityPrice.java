package io.ap2p.sim.run;

import io.ap2p.sim.scenario.ScaleModel;

/**
 * A price on identities: each identity costs {@code identityCostSeconds} of one core (proof of work
 * over its peer id; no real registry checks such a proof yet, this models one that would). Such a
 * proof is bound neither to a time nor to a registry's challenge, so an attacker can compute it at
 * any time before the attack: the price limits the attacker's total budget, not its rate.
 * Identities present at the start were paid before the run; so were {@code adversaryStockpile}
 * fresh ones kept in reserve, which are ready at once. Beyond the stockpile the adversary grinds
 * from time 0 at {@code adversaryCores / identityCostSeconds} identities a second (the k-th beyond
 * the stockpile is ready at k × cost / cores). An honest newcomer pays the whole cost on its one
 * core before it can register.
 */
final class IdentityPrice {

  private final double costSeconds;
  private final double cores;
  private final long stockpile;
  private final int initial;
  private long requested;
  private long paid;

  /** The price of {@code scale}, for an adversary that starts with {@code initial} identities. */
  IdentityPrice(ScaleModel scale, int initial) {
    this.costSeconds = scale.identityCostSeconds();
    this.cores = scale.adversaryCores();
    this.stockpile = scale.adversaryStockpile();
    this.initial = initial;
  }

  /** Whether identities cost anything. */
  boolean priced() {
    return costSeconds > 0;
  }

  /**
   * Orders the adversary's next fresh identity at {@code nowMicros}: when it is ready (paid), at
   * {@code nowMicros} at the earliest. Call {@link #paid()} when it is.
   */
  long adversaryReadyMicros(long nowMicros) {
    requested++;
    if (!priced()) {
      return nowMicros;
    }
    long ground = requested - stockpile; // beyond the stockpile: ground during the run
    return ground <= 0
        ? nowMicros
        : Math.max(nowMicros, (long) (ground * costSeconds / cores * 1e6));
  }

  /** One ordered identity is ready. */
  void paid() {
    paid++;
  }

  /** How long an honest newcomer works on its one core before it can register. */
  long honestMicros() {
    return (long) (costSeconds * 1e6);
  }

  /** Fresh identities the adversary had ready (paid for, or free) and used during the run. */
  long bought() {
    return paid;
  }

  /** Fresh identities ordered during the run but not ready when it ended. */
  long queued() {
    return requested - paid;
  }

  /** Identities the adversary held at the start (paid before the run, not in the stockpile). */
  int initial() {
    return initial;
  }

  /** Fresh identities it had precomputed before the run. */
  long stockpile() {
    return stockpile;
  }

  /** Core-seconds one identity costs. */
  double costSeconds() {
    return costSeconds;
  }
}
