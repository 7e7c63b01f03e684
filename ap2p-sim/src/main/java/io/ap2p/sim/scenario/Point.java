package io.ap2p.sim.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a scenario: every parameter resolved to a single value. Documented key by key in
 * docs/simulation.md.
 */
public record Point(
    String scenario,
    int peers,
    double sybilFraction,
    String adversary,
    double canaryEvasion,
    int whitewashAfter,
    boolean feedbackSharing,
    long ttlSeconds,
    double driftMeanSeconds,
    double durationSeconds,
    double workflowsPerSecond,
    int requesters,
    double stepDeadlineSeconds,
    double linkMedianMs,
    double linkSigma,
    double registryLinkMedianMs,
    double registryServiceMs,
    double registryPerEntryUs,
    double sybilRefreshSeconds,
    double sybilWrong,
    double sybilTimeout,
    double honestWrongRate,
    double degradedWrongRate,
    String discovery,
    String signatures,
    int capabilities,
    double joinSeconds,
    double registryExplore,
    String canaryPlacement,
    double spotChecks,
    String registryRanking,
    String defences,
    io.ap2p.sim.churn.ChurnConfig churn,
    String canarySource,
    int canarySetSize,
    int attestors,
    double attestorAvailability,
    double attestorCollusion,
    boolean adversaryClaimsAttestation,
    ScaleModel scale,
    double explore,
    String exploreMaxRisk,
    int attempts,
    double sybilDeadlineSeconds) {

  /**
   * How requesters probe: canaries before the real task (the paper's model), alongside it, or
   * either at random, and spot checks; attempts bounded by deadlines only (no latency claims).
   */
  public io.ap2p.core.execution.Probing probing() {
    io.ap2p.core.execution.CanaryPlacement placement =
        switch (canaryPlacement) {
          case "alongside" -> io.ap2p.core.execution.CanaryPlacement.ALONGSIDE;
          case "mixed" -> io.ap2p.core.execution.CanaryPlacement.MIXED;
          default -> io.ap2p.core.execution.CanaryPlacement.BEFORE;
        };
    return new io.ap2p.core.execution.Probing(placement, 0, spotChecks);
  }

  /**
   * The registry's ranking: the {@code registryRanking} preset ({@code node} or {@code paper}),
   * with {@code registryExplore}'s share instead of the preset's when that is not negative.
   */
  public io.ap2p.core.discovery.registry.RegistryRanking ranking() {
    io.ap2p.core.discovery.registry.RegistryRanking r =
        io.ap2p.core.discovery.registry.RegistryRanking.named(registryRanking);
    return registryExplore >= 0 ? r.withExplore(registryExplore) : r;
  }

  /**
   * Requester-side exploration: with probability {@code explore} a step tries one untested stranger
   * first, with a canary (core's {@link io.ap2p.core.execution.Exploration}), on steps and
   * strangers up to {@code exploreMaxRisk} ({@code low}, {@code medium} or {@code high}).
   */
  public io.ap2p.core.execution.Exploration exploration() {
    return new io.ap2p.core.execution.Exploration(
        explore,
        io.ap2p.core.trust.RiskClass.valueOf(exploreMaxRisk.toUpperCase(java.util.Locale.ROOT)));
  }

  /** Whether the {@code defences} key names {@code mechanism} (see {@link Defences}). */
  public boolean defends(String mechanism) {
    return Defences.parse(defences).contains(mechanism);
  }

  /** The values that vary in sweeps, for tables and plots. */
  public Map<String, Object> coordinates() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("session_mean_s", churn.sessionMeanSeconds()); // first: the x axis of a churn sweep
    m.put("peers", peers);
    m.put("sybil_fraction", sybilFraction);
    m.put("ttl_s", ttlSeconds);
    m.put("drift_mean_s", driftMeanSeconds);
    m.put("canary_evasion", canaryEvasion);
    m.put("adversary", adversary);
    m.put("whitewash_after", whitewashAfter);
    m.put("discovery", discovery);
    m.put("registry_ranking", registryRanking);
    m.put("registry_explore", registryExplore);
    m.put("defences", defences);
    m.put("explore", explore);
    m.put("explore_max_risk", exploreMaxRisk);
    m.put("attempts", attempts);
    m.put("sybil_deadline_s", sybilDeadlineSeconds);
    m.put("identity_cost_s", scale.identityCostSeconds());
    // the rest of the scale model: columns and labels only when swept, like every coordinate
    m.put("adversary_cores", scale.adversaryCores());
    m.put("adversary_stockpile", scale.adversaryStockpile());
    m.put("newcomer_at_s", scale.newcomerAtSeconds());
    m.put("newcomers", scale.newcomers());
    m.put("newcomer_every_s", scale.newcomerEverySeconds());
    m.put("registry_cores", scale.registryCores());
    m.put("registry_register_ms", scale.registryRegisterMs());
    return m;
  }
}
