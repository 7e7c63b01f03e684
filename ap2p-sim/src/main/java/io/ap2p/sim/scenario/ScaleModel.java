package io.ap2p.sim.scenario;

/**
 * A point's knobs for Sybil resistance at scale (docs/simulation.md, "Sybil resistance at scale"):
 * how the registry serves registrations, and on how many cores; a price on identities (proof of
 * work over the peer id: a model of a registry that would check one before it admits an identity;
 * no registry in ap2p does); and honest newcomers joining mid-run, whose time to first selection
 * the run measures.
 *
 * @param registryRegisterMs mean service time of a registration or withdrawal at the registry, ms;
 *     0: free; -1: {@code registryServiceMs}, as for queries (every scenario before this key)
 * @param registryCores requests the registry serves at once (a FIFO queue in front of that many
 *     servers), 1..64
 * @param identityCostSeconds core-seconds of work one identity costs (0: identities are free); the
 *     adversary's initial identities and the honest peers present at the start paid before the run
 * @param adversaryCores cores the adversary spends during the run on fresh identities (a
 *     whitewasher's), at {@code identityCostSeconds / adversaryCores} seconds each
 * @param adversaryStockpile fresh identities the adversary computed before the run (the proof is
 *     bound to no time or challenge), ready at once; 0..1e9
 * @param newcomerAtSeconds when honest newcomers (one per workflow capability) decide to join: they
 *     first pay {@code identityCostSeconds} on one core; 0: no newcomer
 * @param newcomers how many honest newcomers join (alternately offering each workflow capability),
 *     1..1000
 * @param newcomerEverySeconds seconds between newcomers' decisions (0: all at {@code
 *     newcomerAtSeconds})
 */
public record ScaleModel(
    double registryRegisterMs,
    int registryCores,
    double identityCostSeconds,
    double adversaryCores,
    long adversaryStockpile,
    double newcomerAtSeconds,
    int newcomers,
    double newcomerEverySeconds) {

  /** The defaults: registrations cost what queries cost, one core, free identities, no newcomer. */
  public static final ScaleModel DEFAULTS = new ScaleModel(-1, 1, 0, 16, 0, 0, 2, 0);

  /** Validates the ranges (the parser reports them by key first). */
  public ScaleModel {
    if (!(registryRegisterMs == -1 || registryRegisterMs >= 0 && registryRegisterMs <= 10_000)) {
      throw new IllegalArgumentException("registryRegisterMs must be -1 or in 0..10000");
    }
    if (registryCores < 1 || registryCores > 64) {
      throw new IllegalArgumentException("registryCores must be in 1..64");
    }
    if (!(identityCostSeconds >= 0 && identityCostSeconds <= 1e7)) {
      throw new IllegalArgumentException("identityCostSeconds must be in 0..1e7");
    }
    if (!(adversaryCores >= 0.001 && adversaryCores <= 1e7)) {
      throw new IllegalArgumentException("adversaryCores must be in 0.001..1e7");
    }
    if (adversaryStockpile < 0 || adversaryStockpile > 1_000_000_000L) {
      throw new IllegalArgumentException("adversaryStockpile must be in 0..1e9");
    }
    if (newcomers < 1 || newcomers > 1000) {
      throw new IllegalArgumentException("newcomers must be in 1..1000");
    }
    if (!(newcomerEverySeconds >= 0 && newcomerEverySeconds <= 1e7)) {
      throw new IllegalArgumentException("newcomerEverySeconds must be in 0..1e7");
    }
    if (!(newcomerAtSeconds >= 0 && newcomerAtSeconds <= 1e7)) {
      throw new IllegalArgumentException("newcomerAtSeconds must be in 0..1e7");
    }
  }

  /** When newcomer {@code i} (from 0) decides to join, in seconds. */
  public double newcomerDecidesSeconds(int i) {
    return newcomerAtSeconds + i * newcomerEverySeconds;
  }

  /** Whether honest newcomers join during the run. */
  public boolean joining() {
    return newcomerAtSeconds > 0;
  }

  /** Mean service time of a registration or withdrawal, given the query's {@code serviceMs}. */
  public double registerMs(double serviceMs) {
    return registryRegisterMs < 0 ? serviceMs : registryRegisterMs;
  }
}
