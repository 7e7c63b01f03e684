package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The class counts by latency and price equal a count over every value, through splits and merges.
 */
class ProfileCountsTest {

  record Value(long latency, double price, int length) {}

  /** The count and total length over {@code held} within the bounds, one by one. */
  static long[] brute(List<Value> held, long maxLatency, double maxPrice) {
    long[] out = new long[2];
    for (Value v : held) {
      if (v.latency() <= maxLatency && !(v.price() > maxPrice)) {
        out[0]++;
        out[1] += v.length();
      }
    }
    return out;
  }

  @Test
  void sumsEqualACountOverEveryValueOnRandomHistories() {
    for (int seed = 0; seed < 12; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      ProfileCounts counts = new ProfileCounts();
      List<Value> held = new ArrayList<>();
      // few distinct values (many ties) for some seeds, all different for others
      int latencies = seed % 3 == 0 ? 3 : seed % 3 == 1 ? 50 : 1_000_000;
      int prices = seed % 2 == 0 ? 2 : 1_000;
      for (int step = 0; step < 6_000; step++) {
        boolean add = held.isEmpty() || r.nextInt(100) < (step < 3_000 ? 75 : 30);
        if (add) {
          Value v =
              new Value(
                  r.nextInt(latencies), r.nextInt(prices) / 100.0, 1 + r.nextInt(r.nextInt(3) + 1));
          counts.add(v.latency(), v.price(), v.length());
          held.add(v);
        } else {
          Value v = held.remove(r.nextInt(held.size()));
          counts.remove(v.latency(), v.price(), v.length());
        }
        if (step % 37 == 0) {
          long maxLatency = r.nextInt(4) == 0 ? Long.MAX_VALUE : r.nextInt(latencies + 1);
          double maxPrice =
              switch (r.nextInt(5)) {
                case 0 -> Double.POSITIVE_INFINITY;
                case 1 -> Double.NaN; // the hard filter lets every price pass a NaN bound
                case 2 -> -0.0;
                default -> r.nextInt(prices + 1) / 100.0;
              };
          ProfileCounts.Sum sum = new ProfileCounts.Sum();
          counts.sum(maxLatency, maxPrice, sum);
          long[] want = brute(held, maxLatency, maxPrice);
          assertThat(new long[] {sum.entries, sum.length})
              .as("seed %d step %d bounds %d %s", seed, step, maxLatency, maxPrice)
              .containsExactly(want);
        }
      }
      assertThat(counts.entries).isEqualTo(held.size());
      assertThat(counts.blocks()).isLessThanOrEqualTo(held.size() / 8 + 2);
      for (Value v : held) {
        counts.remove(v.latency(), v.price(), v.length());
      }
      assertThat(counts.entries).isZero();
      assertThat(counts.length).isZero();
      assertThat(counts.blocks()).isZero();
    }
  }

  @Test
  void negativeZeroIsZeroAndAnUnknownValueIsRefused() {
    ProfileCounts counts = new ProfileCounts();
    counts.add(5, -0.0, 3);
    ProfileCounts.Sum sum = new ProfileCounts.Sum();
    counts.sum(5, 0.0, sum);
    assertThat(sum.entries).isEqualTo(1);
    counts.remove(5, 0.0, 3);
    assertThat(counts.entries).isZero();
    assertThatThrownBy(() -> counts.remove(5, 0.0, 3)).isInstanceOf(IllegalStateException.class);
    counts.add(5, 1.0, 3);
    assertThatThrownBy(() -> counts.remove(5, 1.0, 4)).isInstanceOf(IllegalStateException.class);
  }
}
