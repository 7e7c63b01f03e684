package io.ap2p.sim.run;

import io.ap2p.sim.scenario.ScaleModel;

/**
 * A price on identities: each identity the registry admits carries proof of work over its peer id
 * worth {@code identityCostSeconds} of one core. Identities present at the start were paid before
 * the run; during the run the adversary earns fresh ones at {@code adversaryCores /
 * identityCostSeconds} a second from time 0 (it grinds ahead, so the k-th is ready at k × cost /
 * cores), and an honest newcomer pays the whole cost on its one core before it can register.
 */
final class IdentityPrice {

  private final double costSeconds;
  private final double cores;
  private long bought;

  /** The price of {@code scale}. */
  IdentityPrice(ScaleModel scale) {
    this.costSeconds = scale.identityCostSeconds();
    this.cores = scale.adversaryCores();
  }

  /** Whether identities cost anything. */
  boolean priced() {
    return costSeconds > 0;
  }

  /** When the adversary's next fresh identity is ready, at {@code nowMicros} at the earliest. */
  long adversaryReadyMicros(long nowMicros) {
    if (!priced()) {
      return nowMicros;
    }
    bought++;
    return Math.max(nowMicros, (long) (bought * costSeconds / cores * 1e6));
  }

  /** How long an honest newcomer works on its one core before it can register. */
  long honestMicros() {
    return (long) (costSeconds * 1e6);
  }

  /** Fresh identities the adversary paid for during the run. */
  long bought() {
    return bought;
  }

  /** Core-seconds one identity costs. */
  double costSeconds() {
    return costSeconds;
  }
}
