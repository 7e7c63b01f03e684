package io.ap2p.bench;

import java.util.Arrays;

/** Measured durations, sorted, with nearest-rank percentiles in milliseconds. */
final class Samples {

  private long[] nanos;
  private int size;

  Samples(int expected) {
    nanos = new long[Math.max(16, expected)];
  }

  /** Adds a duration. */
  void add(long durationNanos) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, 2 * size);
    }
    nanos[size++] = durationNanos;
  }

  int size() {
    return size;
  }

  /** The {@code q}-th percentile (0 to 100), nearest rank, in milliseconds; 0 when empty. */
  double percentileMs(double q) {
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q / 100 * size);
    return sorted[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
  }

  /** The mean in milliseconds; 0 when empty. */
  double meanMs() {
    if (size == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += nanos[i];
    }
    return sum / size / 1e6;
  }

  double p50() {
    return percentileMs(50);
  }

  double p99() {
    return percentileMs(99);
  }

  /** All of {@code parts} in one. */
  static Samples merge(Iterable<Samples> parts) {
    int n = 0;
    for (Samples s : parts) {
      n += s.size;
    }
    Samples all = new Samples(n);
    for (Samples s : parts) {
      System.arraycopy(s.nanos, 0, all.nanos, all.size, s.size);
      all.size += s.size;
    }
    return all;
  }
}
