package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.ScenarioException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's service model: registrations priced apart from queries, and several cores. */
class RegistryServiceTest {

  @Test
  void theDefaultsGiveWhatEveryEarlierScenarioGaveBeforeTheServiceModel() throws Exception {
    // recorded with the code before d0be63a (the registry service model, the identity price and
    // newcomers): a change to what an earlier scenario computes changes these
    RunResult plain =
        PointRun.run(PointRunTest.point("sybilFraction=0.3"), TierPolicy.RISK_AWARE, 4);
    assertThat(PointRunTest.outcome(plain))
        .isEqualTo(
            List.<Object>of(
                42,
                19,
                61.675,
                125.145,
                970.3761111111111,
                6.714285714285714,
                3044L,
                -8455267234312165687L));
    RunResult whitewash =
        PointRun.run(
            PointRunTest.point("sybilFraction=0.3", "adversary=whitewasher", "whitewashAfter=1"),
            TierPolicy.RISK_AWARE,
            4);
    assertThat(PointRunTest.outcome(whitewash))
        .isEqualTo(
            List.<Object>of(
                42, 0, 71.232, 128.372, 812.2361111111111, 6.0, 2693L, -4103373006353849279L));
  }

  @Test
  void aSaturatedRegistryQueuesQueriesAndMoreCoresDrainIt() throws Exception {
    // 15 Sybils refreshing every second at 120 ms a registration: 1.8 s of work per second
    List<String> hot =
        List.of("sybilFraction=0.5", "sybilRefreshSeconds=1", "registryRegisterMs=120");
    RunResult one = run(hot, "registryCores=1");
    RunResult four = run(hot, "registryCores=4");
    RunResult cheap = run(List.of("sybilFraction=0.5", "sybilRefreshSeconds=1"), "registryCores=1");
    assertThat(one.discoveryP50Ms()).isGreaterThan(1000);
    assertThat(four.discoveryP50Ms()).isLessThan(one.discoveryP50Ms() / 5);
    assertThat(cheap.discoveryP50Ms()).isLessThan(one.discoveryP50Ms() / 5);
  }

  @Test
  void badValuesAreRefusedByKey() {
    for (String bad :
        List.of(
            "registryCores=0",
            "registryCores=65",
            "registryCores=1.5",
            "registryRegisterMs=1e9",
            "registryRegisterMs=-2",
            "registryRegisterMs=-0.5",
            "registryCores=\"two\"")) {
      assertThatThrownBy(() -> PointRunTest.point(bad))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("$." + bad.substring(0, bad.indexOf('=')));
    }
  }

  private static RunResult run(List<String> base, String more) throws Exception {
    String[] o = new String[base.size() + 1];
    base.toArray(o);
    o[base.size()] = more;
    return PointRun.run(PointRunTest.point(o), TierPolicy.RISK_AWARE, 1);
  }
}
