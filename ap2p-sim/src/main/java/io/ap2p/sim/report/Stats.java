package io.ap2p.sim.report;

import java.util.List;

/** Mean and 95% confidence interval (Student's t) of a sample. */
public record Stats(int n, double mean, double ci95) {

  // two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  /** The statistics of {@code values} (ci95 is 0 with fewer than two values). */
  public static Stats of(List<Double> values) {
    int n = values.size();
    if (n == 0) {
      return new Stats(0, 0, 0);
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n < 2) {
      return new Stats(n, mean, 0);
    }
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
    return new Stats(n, mean, t * sd / Math.sqrt(n));
  }
}
