package io.ap2p.sim.run;

import java.util.Arrays;

/** A growable list of samples and nearest-rank percentiles over it. */
final class Percentiles {

  private double[] values = new double[256];
  private int size;

  void add(double v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  /** The nearest-rank {@code q} quantile (0 < q ≤ 1), or 0 with no samples. */
  double quantile(double q) {
    if (size == 0) {
      return 0;
    }
    double[] s = Arrays.copyOf(values, size);
    Arrays.sort(s);
    int rank = (int) Math.ceil(q * size);
    return s[Math.max(0, Math.min(size, rank) - 1)];
  }
}
