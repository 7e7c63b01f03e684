package io.ap2p.core.discovery;

/**
 * The provider's claimed quality of service: claims, to be checked against experience.
 *
 * @param latencyP50Ms median latency
 * @param latencyP95Ms 95th percentile latency, at least the median
 * @param successRate fraction of invocations that succeed, 0..1
 */
public record QosClaims(long latencyP50Ms, long latencyP95Ms, double successRate) {

  /** Checks ranges and ordering. */
  public QosClaims {
    if (latencyP50Ms < 0 || latencyP95Ms < latencyP50Ms) {
      throw new IllegalArgumentException("latencies must satisfy 0 <= p50 <= p95");
    }
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException("successRate must be between 0 and 1");
    }
  }
}
