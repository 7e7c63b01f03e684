package io.ap2p.sim.world;

import java.util.random.RandomGenerator;

/** Log-normal one-way delays of a link class: median and shape (sigma of the underlying normal). */
public record Latency(double medianMs, double sigma) {

  /** A delay sample in microseconds. */
  public long sampleMicros(RandomGenerator r) {
    if (medianMs == 0) {
      return 0;
    }
    return (long) (medianMs * 1000 * Math.exp(sigma * r.nextGaussian()));
  }
}
