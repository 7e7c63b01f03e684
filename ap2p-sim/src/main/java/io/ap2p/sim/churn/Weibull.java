package io.ap2p.sim.churn;

import java.util.random.RandomGenerator;

/**
 * Weibull draws with a given mean and shape {@code k}: scale {@code λ = mean / Γ(1 + 1/k)}, a draw
 * is {@code λ (−ln U)^(1/k)}. Also the stationary residual (the time left of the period a random
 * instant falls in), so that a run starts in equilibrium instead of with every peer freshly joined:
 * the period covering a random instant is length-biased, {@code λ G^(1/k)} with {@code G ~ Gamma(1
 * + 1/k)}, and the instant is uniform within it.
 */
public final class Weibull {

  private final double shape;
  private final double scale;

  /** Draws with mean {@code mean} (> 0) and shape {@code shape} (> 0). */
  public Weibull(double mean, double shape) {
    if (!(mean > 0) || !(shape > 0)) {
      throw new IllegalArgumentException("mean and shape must be positive");
    }
    this.shape = shape;
    this.scale = mean / Math.exp(logGamma(1 + 1 / shape));
  }

  /** The scale λ. */
  public double scale() {
    return scale;
  }

  /** One draw. */
  public double sample(RandomGenerator r) {
    return scale * Math.pow(-Math.log(1 - r.nextDouble()), 1 / shape);
  }

  /** The time left of the period a random instant falls in (stationary residual life). */
  public double residual(RandomGenerator r) {
    double covering = scale * Math.pow(gamma(1 + 1 / shape, r), 1 / shape);
    return r.nextDouble() * covering;
  }

  /** Marsaglia and Tsang's Gamma(a, 1) draw, a >= 1 (here a = 1 + 1/k > 1). */
  static double gamma(double a, RandomGenerator r) {
    double d = a - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = r.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = r.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
  static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double[] c = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    double y = x - 1;
    double a = c[0];
    double t = y + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (y + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
  }
}
