package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.churn.ChurnStats;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Churn in whole runs: off changes nothing, more churn hurts, reruns are identical. */
class ChurnRunTest {

  static Point point(String... overrides) throws Exception {
    return ScenarioParser.parse(
            "t",
            "{\"peers\":60,\"durationSeconds\":90,\"driftMeanSeconds\":1000000000}",
            List.of(overrides))
        .points()
        .get(0);
  }

  @Test
  void churnKeysWithoutSessionsChangeNothing() throws Exception {
    for (String discovery : List.of("registry", "dht")) {
      RunResult plain = PointRun.run(point("discovery=" + discovery), TierPolicy.RISK_AWARE, 4);
      RunResult keyed =
          PointRun.run(
              point("discovery=" + discovery, "sessionShape=0.9", "coldStartSeconds=5"),
              TierPolicy.RISK_AWARE,
              4);
      assertThat(PointRunTest.outcome(keyed)).as(discovery).isEqualTo(PointRunTest.outcome(plain));
      // no point of these scenarios churns, so nothing reads stale answers: the meter is off
      assertThat(keyed.churn()).isEqualTo(ChurnStats.NONE);
      assertThat(plain.churn()).isEqualTo(ChurnStats.NONE);
    }
  }

  @Test
  void theNoChurnPointOfAChurnScenarioIsMeteredAndOtherwiseUnchanged() throws Exception {
    for (String discovery : List.of("registry", "dht")) {
      Point plain = point("discovery=" + discovery);
      Point baseline =
          ScenarioParser.parse(
                  "t",
                  "{\"peers\":60,\"durationSeconds\":90,\"driftMeanSeconds\":1000000000}",
                  List.of("discovery=" + discovery, "sessionMeanSeconds=[0,60]"))
              .points()
              .get(0);
      assertThat(baseline.churn().enabled()).isFalse();
      assertThat(baseline.churn().meter()).isTrue();
      assertThat(plain.churn().meter()).isFalse();
      RunResult off = PointRun.run(plain, TierPolicy.RISK_AWARE, 4);
      RunResult on = PointRun.run(baseline, TierPolicy.RISK_AWARE, 4);
      // the meter only observes: the same run, trace and all
      assertThat(PointRunTest.outcome(on)).as(discovery).isEqualTo(PointRunTest.outcome(off));
      assertThat(on.traceHash()).isEqualTo(off.traceHash());
      // nobody leaves, so nothing it judged was stale
      assertThat(on.churn().named()).as(discovery).isGreaterThan(100);
      assertThat(on.churn()).isEqualTo(new ChurnStats(on.churn().named(), 0, 0, 0, 0));
    }
  }

  @Test
  void withNoDeparturesNoAnswerIsStaleThoughDescriptorsAreRefreshed() throws Exception {
    // reviewer's case: sessions far longer than the run, so nobody leaves, while every provider
    // re-signs its descriptor at each refresh; a refresh in flight must not count as stale
    for (String discovery : List.of("registry", "dht")) {
      RunResult r =
          PointRun.run(
              point("discovery=" + discovery, "sessionMeanSeconds=10000000", "availability=0.99"),
              TierPolicy.NAIVE,
              3);
      assertThat(r.churn().departures()).as(discovery).isZero();
      // every answer was judged (a descriptor the meter did not know would count as stale)
      assertThat(r.churn().named()).as(discovery).isGreaterThan(100);
      assertThat(r.churn().stale()).as(discovery).isZero();
      assertThat(r.successRate()).as(discovery).isGreaterThan(0.9);
    }
  }

  @Test
  void heavyChurnRaisesTheStaleRateAndCostsSuccessOrLatency() throws Exception {
    Point[] mild = new Point[2];
    Point[] heavy = new Point[2];
    List<String> modes = List.of("registry", "dht");
    for (int m = 0; m < 2; m++) {
      String d = "discovery=" + modes.get(m);
      mild[m] = point(d, "sessionMeanSeconds=3600", "availability=0.9");
      heavy[m] = point(d, "sessionMeanSeconds=4", "availability=0.3");
    }
    double[][] success = new double[2][2];
    double[][] stale = new double[2][2];
    double[][] p95 = new double[2][2];
    for (int m = 0; m < 2; m++) {
      for (int h = 0; h < 2; h++) {
        for (long seed = 1; seed <= 3; seed++) {
          RunResult r = PointRun.run(h == 0 ? mild[m] : heavy[m], TierPolicy.NAIVE, seed);
          success[m][h] += r.successRate() / 3;
          stale[m][h] += r.churn().staleRate() / 3;
          p95[m][h] += r.discoveryP95Ms() / 3;
          if (h == 1) {
            assertThat(r.churn().departures()).isGreaterThan(100);
            assertThat(r.churn().returns()).isGreaterThan(100);
          }
        }
      }
      assertThat(stale[m][1]).as(modes.get(m) + " stale").isGreaterThan(stale[m][0] + 0.2);
    }
    // the registry hands out descriptors of peers that left: requests fail, success drops
    assertThat(success[0][1]).as("registry success").isLessThan(success[0][0] - 0.03);
    // the DHT fetches each descriptor from its provider, which filters out the peers that left,
    // at the price of failed fetches and lookups through dead routing-table entries
    assertThat(p95[1][1]).as("dht discovery p95").isGreaterThan(1.5 * p95[1][0]);
    assertThat(success[1][1]).as("dht success").isLessThan(success[1][0] + 0.02);
  }

  @Test
  void aChurnRunIsAPureFunctionOfPointPolicyAndSeed() throws Exception {
    for (String discovery : List.of("registry", "dht")) {
      Point p = point("discovery=" + discovery, "sessionMeanSeconds=30", "coldStartSeconds=2");
      RunResult a = PointRun.run(p, TierPolicy.RISK_AWARE, 7);
      RunResult b = PointRun.run(p, TierPolicy.RISK_AWARE, 7);
      RunResult c = PointRun.run(p, TierPolicy.RISK_AWARE, 8);
      assertThat(PointRunTest.outcome(a)).isEqualTo(PointRunTest.outcome(b));
      assertThat(a.churn()).isEqualTo(b.churn());
      assertThat(a.traceHash()).isNotEqualTo(c.traceHash());
      assertThat(a.churn().departures()).isPositive();
    }
  }

  @Test
  void agentsBackOnlineStartCold() throws Exception {
    Point cold = point("sessionMeanSeconds=20", "coldStartSeconds=4");
    Point warm = point("sessionMeanSeconds=20", "coldStartSeconds=0");
    RunResult c = PointRun.run(cold, TierPolicy.NAIVE, 5);
    RunResult w = PointRun.run(warm, TierPolicy.NAIVE, 5);
    assertThat(c.churn().coldStarts()).isPositive();
    assertThat(w.churn().coldStarts()).isZero();
    // the same sessions either way; only the service times differ
    assertThat(c.churn().departures()).isEqualTo(w.churn().departures());
  }
}
