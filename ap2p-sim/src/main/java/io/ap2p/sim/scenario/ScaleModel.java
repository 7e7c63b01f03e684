package io.ap2p.sim.scenario;

/**
 * A point's knobs for Sybil resistance at scale (docs/simulation.md, "Sybil resistance at scale"):
 * how the registry serves registrations, and on how many cores.
 *
 * @param registryRegisterMs mean service time of a registration or withdrawal at the registry, ms;
 *     negative: {@code registryServiceMs}, as for queries (every scenario before this key)
 * @param registryCores requests the registry serves at once (a FIFO queue in front of that many
 *     servers), 1..64
 */
public record ScaleModel(double registryRegisterMs, int registryCores) {

  /** The defaults: registrations cost what queries cost, one core. */
  public static final ScaleModel DEFAULTS = new ScaleModel(-1, 1);

  /** Validates the ranges (the parser reports them by key first). */
  public ScaleModel {
    if (Double.isNaN(registryRegisterMs) || registryRegisterMs > 10_000) {
      throw new IllegalArgumentException("registryRegisterMs must be at most 10000");
    }
    if (registryCores < 1 || registryCores > 64) {
      throw new IllegalArgumentException("registryCores must be in 1..64");
    }
  }

  /** Mean service time of a registration or withdrawal, given the query's {@code serviceMs}. */
  public double registerMs(double serviceMs) {
    return registryRegisterMs < 0 ? serviceMs : registryRegisterMs;
  }
}
