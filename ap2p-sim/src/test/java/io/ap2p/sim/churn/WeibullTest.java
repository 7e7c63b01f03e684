package io.ap2p.sim.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeibullTest {

  @Test
  void logGammaMatchesKnownValues() {
    assertThat(Weibull.logGamma(1)).isCloseTo(0, within(1e-12));
    assertThat(Weibull.logGamma(3)).isCloseTo(Math.log(2), within(1e-12));
    assertThat(Weibull.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    assertThat(Weibull.logGamma(11)).isCloseTo(Math.log(3_628_800), within(1e-9));
  }

  @Test
  void theScaleGivesTheAskedMean() {
    // shape 1 is the exponential: scale = mean; shape 0.5: Γ(3) = 2, scale = mean / 2
    assertThat(new Weibull(60, 1).scale()).isCloseTo(60, within(1e-9));
    assertThat(new Weibull(60, 0.5).scale()).isCloseTo(30, within(1e-9));
  }

  @Test
  void drawsHaveTheAskedMeanAndAHeavyTail() {
    SplittableRandom r = new SplittableRandom(1);
    Weibull w = new Weibull(100, 0.5);
    int n = 400_000;
    double sum = 0;
    int belowTenth = 0;
    for (int i = 0; i < n; i++) {
      double x = w.sample(r);
      sum += x;
      if (x < 10) {
        belowTenth++;
      }
    }
    assertThat(sum / n).isCloseTo(100, within(3.0));
    // P(X < 10) = 1 - exp(-(10/50)^0.5) = 0.36: many short sessions, as measured in P2P systems
    assertThat((double) belowTenth / n).isCloseTo(0.36, within(0.01));
  }

  @Test
  void theResidualIsLongerThanASessionOnAverage() {
    // inspection paradox: E[residual] = E[X^2] / (2 E[X]); shape 1 gives the mean itself,
    // shape 0.5 gives mean * Γ(5) / (2 Γ(3)^2) = 3 × mean
    SplittableRandom r = new SplittableRandom(2);
    int n = 200_000;
    double exp = 0;
    double heavy = 0;
    Weibull e = new Weibull(10, 1);
    Weibull h = new Weibull(10, 0.5);
    for (int i = 0; i < n; i++) {
      exp += e.residual(r);
      heavy += h.residual(r);
    }
    assertThat(exp / n).isCloseTo(10, within(0.3));
    assertThat(heavy / n).isCloseTo(30, within(2.0));
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new Weibull(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Weibull(10, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChurnConfig(-1, 0.5, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChurnConfig(10, 0.5, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    // churn without its meter: Churn counts departures on it
    assertThatThrownBy(() -> new ChurnConfig(10, 0.5, 0.5, 0, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
