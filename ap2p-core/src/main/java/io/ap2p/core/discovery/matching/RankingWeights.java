package io.ap2p.core.discovery.matching;

/**
 * How much each component counts in the ranking; weights are non-negative and sum to a positive
 * value.
 */
public record RankingWeights(double tag, double text, double qos, double trust) {

  /** Relevance first, then trust, then claimed QoS. */
  public static final RankingWeights DEFAULT = new RankingWeights(0.3, 0.2, 0.2, 0.3);

  /** Trust the announcements: relevance and claimed QoS only (the paper's naive baseline). */
  public static final RankingWeights ANNOUNCEMENTS_ONLY = new RankingWeights(0.3, 0.2, 0.5, 0);

  /** Checks the weights. */
  public RankingWeights {
    if (!(tag >= 0 && text >= 0 && qos >= 0 && trust >= 0) || tag + text + qos + trust <= 0) {
      throw new IllegalArgumentException("weights must be >= 0 with a positive sum");
    }
  }
}
