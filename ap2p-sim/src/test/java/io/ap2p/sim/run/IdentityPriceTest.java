package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.trust.TierPolicy;
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
    assertThat(p.firstSelectionSecondsSum()).isGreaterThanOrEqualTo(20.0 * p.selected());
    assertThat(f.firstSelectionSecondsSum() / f.selected()).isLessThan(90);
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
  void aPriceBoundsHowFastAWhitewasherGetsFreshIdentities() throws Exception {
    String[] base = {"sybilFraction=0.3", "adversary=whitewasher", "whitewashAfter=1"};
    RunResult free = PointRun.run(PointRunTest.point(base), TierPolicy.RISK_AWARE, 2);
    RunResult priced =
        PointRun.run(
            PointRunTest.point(
                "sybilFraction=0.3",
                "adversary=whitewasher",
                "whitewashAfter=1",
                "identityCostSeconds=10",
                "adversaryCores=1"),
            TierPolicy.RISK_AWARE,
            2);
    assertThat(free.newcomers()).isEqualTo(NewcomerStats.NONE);
    // one core at 10 s an identity: at most one fresh identity per 10 s of the run (155 s in all)
    assertThat(priced.newcomers().adversaryIdentities()).isPositive().isLessThanOrEqualTo(16);
    assertThat(priced.successRate()).isGreaterThanOrEqualTo(free.successRate());
  }

  @Test
  void badValuesAreRefusedByKey() {
    for (String bad :
        List.of(
            "identityCostSeconds=-1",
            "identityCostSeconds=1e8",
            "adversaryCores=0",
            "newcomerAtSeconds=-5",
            "newcomerAtSeconds=\"soon\"")) {
      assertThatThrownBy(() -> PointRunTest.point(bad))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("$." + bad.substring(0, bad.indexOf('=')));
    }
  }
}
