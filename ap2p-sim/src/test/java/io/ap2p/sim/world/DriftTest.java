package io.ap2p.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftTest {

  @Test
  void theLongRunShareOfEachConditionIsTheStationaryDistribution() {
    SplittableRandom r = new SplittableRandom(7);
    double[] time = new double[3];
    Drift.Condition c = Drift.Condition.UP;
    for (int i = 0; i < 200_000; i++) {
      time[c.ordinal()] += Drift.holdMicros(10, r);
      c = Drift.next(c, r);
    }
    double total = time[0] + time[1] + time[2];
    for (int k = 0; k < 3; k++) {
      assertThat(time[k] / total).isCloseTo(Drift.STATIONARY[k], within(0.01));
    }
  }

  @Test
  void holdingTimesAreExponentialWithTheGivenMean() {
    SplittableRandom r = new SplittableRandom(3);
    double sum = 0;
    for (int i = 0; i < 100_000; i++) {
      long h = Drift.holdMicros(20, r);
      assertThat(h).isNotNegative();
      sum += h;
    }
    assertThat(sum / 100_000 / 1e6).isCloseTo(20, within(0.3));
  }

  @Test
  void latencyHasTheConfiguredMedian() {
    Latency l = new Latency(40, 0.5);
    SplittableRandom r = new SplittableRandom(5);
    long[] s = new long[20_001];
    for (int i = 0; i < s.length; i++) {
      s[i] = l.sampleMicros(r);
    }
    java.util.Arrays.sort(s);
    assertThat(s[10_000] / 1000.0).isCloseTo(40, within(1.5));
    assertThat(new Latency(0, 0.5).sampleMicros(r)).isZero();
  }
}
