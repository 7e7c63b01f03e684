package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A price on identities, and honest newcomers joining mid-run. */
class IdentityPriceTest {

  @Test
  void aNewcomerIsSelectedAndPaysForItsIdentityFirst() throws Exception {
    // providers drift fast (mean 20 s per state), so requesters need strangers and try newcomers
    RunResult free =
        PointRun.run(
            PointRunTest.point(
                "durationSeconds=120", "driftMeanSeconds=20", "newcomerAtSeconds=30"),
            TierPolicy.RISK_AWARE,
            1);
    RunResult priced =
        PointRun.run(
            PointRunTest.point(
                "durationSeconds=120",
                "driftMeanSeconds=20",
                "newcomerAtSeconds=30",
                "identityCostSeconds=20"),
            TierPolicy.RISK_AWARE,
            1);
    NewcomerStats f = free.newcomers();
    NewcomerStats p = priced.newcomers();
    assertThat(f.joined()).isEqualTo(2);
    assertThat(f.selected()).isPositive();
    assertThat(p.joined()).isEqualTo(2);
    assertThat(p.selected()).isPositive();
    // each selected newcomer waited at least its 20 s of work
    assertThat(p.firstSelection())
        .filteredOn(w -> !w.censored())
        .allSatisfy(w -> assertThat(w.seconds()).isGreaterThanOrEqualTo(20.0));
    assertThat(f.firstSelection())
        .filteredOn(w -> !w.censored())
        .allSatisfy(w -> assertThat(w.seconds()).isLessThan(90.0));
    assertThat(p.identityCostSeconds()).isEqualTo(20);
    // an identity dearer than the rest of the run: the newcomer never gets to register
    RunResult tooDear =
        PointRun.run(
            PointRunTest.point(
                "durationSeconds=120",
                "driftMeanSeconds=20",
                "newcomerAtSeconds=30",
                "identityCostSeconds=1000"),
            TierPolicy.RISK_AWARE,
            1);
    assertThat(tooDear.newcomers().joined()).isEqualTo(2);
    assertThat(tooDear.newcomers().selected()).isZero();
    // ... and is censored at the run's end (215 s), 185 s after it decided
    assertThat(tooDear.newcomers().firstSelection())
        .allSatisfy(w -> assertThat(w).isEqualTo(new NewcomerStats.Wait(185.0, true)));
    // reruns are the same run
    assertThat(
            PointRun.run(
                    PointRunTest.point(
                        "durationSeconds=120",
                        "driftMeanSeconds=20",
                        "newcomerAtSeconds=30",
                        "identityCostSeconds=20"),
                    TierPolicy.RISK_AWARE,
                    1)
                .newcomers())
        .isEqualTo(p);
  }

  @Test
  void aPricedWhitewasherKeepsServingUntilItsFreshIdentityIsPaidFor() throws Exception {
    // 9 whitewashers of 30, turning over after every task, one core at 30 s an identity
    Point point =
        PointRunTest.point(
            "sybilFraction=0.3",
            "adversary=whitewasher",
            "whitewashAfter=1",
            "identityCostSeconds=30",
            "adversaryCores=1");
    int[] least = {Integer.MAX_VALUE};
    RunResult r =
        PointRun.run(
            point,
            TierPolicy.RISK_AWARE,
            2,
            new Memo(),
            (engine, serving) -> {
              for (int s = 5; s <= 150; s++) {
                engine.after(
                    s * 1_000_000L, () -> least[0] = Math.min(least[0], serving.getAsInt()));
              }
            });
    assertThat(r.newcomers().adversaryIdentities()).isPositive();
    assertThat(r.newcomers().adversaryQueued()).isPositive();
    assertThat(least[0]).isEqualTo(9);
  }

  @Test
  void onlyIdentitiesPaidForWithinTheRunCount() throws Exception {
    // 15 whitewashers order far more fresh identities than one core at 10 s can pay for in the
    // 155 s the run lasts (15 at most)
    String[] base = {
      "sybilFraction=0.5", "adversary=whitewasher", "whitewashAfter=1", "adversaryCores=1"
    };
    RunResult free = PointRun.run(PointRunTest.point(base), TierPolicy.RISK_AWARE, 2);
    // free identities are ready at once: each turnover counts, none waits, nothing was paid
    assertThat(free.newcomers().adversaryIdentities()).isGreaterThan(15);
    assertThat(free.newcomers().adversaryQueued()).isZero();
    assertThat(free.newcomers().identityCostSeconds()).isZero();
    assertThat(free.newcomers().initialAdversaryIdentities()).isZero();
    NewcomerStats priced = run(base, "identityCostSeconds=10", "adversaryStockpile=0");
    assertThat(priced.adversaryIdentities()).isPositive().isLessThanOrEqualTo(15);
    assertThat(priced.adversaryQueued()).isPositive();
    assertThat(priced.adversaryIdentities() + priced.adversaryQueued()).isGreaterThan(15);
    assertThat(priced.initialAdversaryIdentities()).isEqualTo(15);
    // a stockpile computed before the run: ready at once, so the price throttles nothing
    NewcomerStats stocked = run(base, "identityCostSeconds=10", "adversaryStockpile=1000");
    assertThat(stocked.adversaryQueued()).isZero();
    assertThat(stocked.adversaryIdentities()).isGreaterThan(15);
    assertThat(stocked.stockpile()).isEqualTo(1000);
  }

  @Test
  void severalNewcomersJoinStaggeredAndTheLastMustDecideBeforeTheEnd() throws Exception {
    NewcomerStats n =
        run(
            new String[] {"durationSeconds=120", "driftMeanSeconds=20"},
            "newcomerAtSeconds=20",
            "newcomers=6",
            "newcomerEverySeconds=10");
    assertThat(n.joined()).isEqualTo(6);
    assertThat(n.firstSelection())
        .allSatisfy(w -> assertThat(w.seconds()).isLessThanOrEqualTo(195.0));
    for (String bad :
        List.of(
            "newcomerAtSeconds=60",
            "newcomerAtSeconds=500",
            "newcomerAtSeconds=10,newcomers=6,newcomerEverySeconds=10")) {
      List<String> set = List.of(bad.split(","));
      assertThatThrownBy(() -> PointRunTest.point(set.toArray(String[]::new)))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("$.newcomerAtSeconds")
          .hasMessageContaining("durationSeconds = 60.0");
    }
  }

  private static NewcomerStats run(String[] base, String... more) throws Exception {
    String[] o = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, o, base.length, more.length);
    return PointRun.run(PointRunTest.point(o), TierPolicy.RISK_AWARE, 2).newcomers();
  }

  @Test
  void badValuesAreRefusedByKey() {
    for (String bad :
        List.of(
            "identityCostSeconds=-1",
            "identityCostSeconds=1e8",
            "adversaryCores=0",
            "newcomerAtSeconds=-5",
            "adversaryStockpile=-1",
            "adversaryStockpile=0.5",
            "newcomers=0",
            "newcomerEverySeconds=-1",
            "newcomerAtSeconds=\"soon\"")) {
      assertThatThrownBy(() -> PointRunTest.point(bad))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("$." + bad.substring(0, bad.indexOf('=')));
    }
  }
}
