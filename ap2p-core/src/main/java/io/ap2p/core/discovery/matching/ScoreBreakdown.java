package io.ap2p.core.discovery.matching;

import java.util.Locale;

/**
 * Why a candidate ranks where it does: each component in [0,1] and the weighted total.
 *
 * @param tag tag relevance (1 exact, 0.5 below a queried parent, 0 none or no tags asked)
 * @param text text relevance, BM25 normalised by the best candidate
 * @param qos claimed quality: success rate, latency and current load
 * @param trust the requester's trust in the provider
 * @param total the weighted sum the ranking sorts by
 * @param known whether the requester had evidence about the provider
 */
public record ScoreBreakdown(
    double tag, double text, double qos, double trust, double total, boolean known) {

  /** One line for humans: the components and the strongest reason. */
  public String why() {
    return String.format(
        Locale.ROOT,
        "score %.3f = tag %.2f, text %.2f, qos %.2f, trust %.2f%s",
        total,
        tag,
        text,
        qos,
        trust,
        known ? "" : " (newcomer: no credit)");
  }
}
