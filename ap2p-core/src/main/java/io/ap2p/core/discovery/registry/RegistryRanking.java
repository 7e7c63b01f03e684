package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How a registry ranks its answers, shared by the node's registry and the simulator's so that both
 * rank alike: the ranking weights (the registry's only trust evidence is tenure, so the trust
 * weight is the weight of tenure, {@link RegistryServer#TENURE_FOR_FULL_CREDIT_MILLIS}) and the
 * share of each answer explored beyond the best-ranked.
 *
 * @param weights ranking weights; {@code trust} weighs tenure at the registry
 * @param explore share of each answer's limit drawn from beyond the best-ranked, 0..1
 */
public record RegistryRanking(RankingWeights weights, double explore) {

  /**
   * What a node's registry does: relevance, tenure and claims ({@link RankingWeights#DEFAULT}),
   * with a quarter of each answer explored.
   */
  public static final RegistryRanking DEFAULTS = new RegistryRanking(RankingWeights.DEFAULT, 0.25);

  /**
   * The paper's registry: ranked by the announcements only (relevance and claimed QoS), no tenure,
   * no exploration. The paper's scenarios use it so that their results stay as published.
   */
  public static final RegistryRanking PAPER =
      new RegistryRanking(RankingWeights.ANNOUNCEMENTS_ONLY, 0);

  /** Checks the share. */
  public RegistryRanking {
    if (weights == null) {
      throw new IllegalArgumentException("weights required");
    }
    if (!(explore >= 0 && explore <= 1)) {
      throw new IllegalArgumentException("exploration share must be within 0..1");
    }
  }

  /** The preset called {@code name}: {@code node} ({@link #DEFAULTS}) or {@code paper}. */
  public static RegistryRanking named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "node" -> DEFAULTS;
      case "paper" -> PAPER;
      default ->
          throw new IllegalArgumentException(
              "unknown registry ranking '" + name + "' (node, paper)");
    };
  }

  /** This ranking with another exploration share. */
  public RegistryRanking withExplore(double share) {
    return new RegistryRanking(weights, share);
  }

  /** The matcher ranking with these weights. */
  public Matcher matcher() {
    return new Matcher(weights);
  }

  /** The exploration of answers, drawing with {@code random} when the share is positive. */
  public RegistryServer.Exploration exploration(RandomGenerator random) {
    return explore > 0
        ? new RegistryServer.Exploration(explore, random)
        : RegistryServer.Exploration.NONE;
  }
}
