package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry's service model: registrations priced apart from queries, and several cores. */
class RegistryServiceTest {

  @Test
  void theDefaultsAreTheOneServerModelOfEveryEarlierScenario() throws Exception {
    Point p = PointRunTest.point("sybilFraction=0.3");
    RunResult plain = PointRun.run(p, TierPolicy.RISK_AWARE, 4);
    RunResult explicit =
        PointRun.run(
            PointRunTest.point("sybilFraction=0.3", "registryRegisterMs=2", "registryCores=1"),
            TierPolicy.RISK_AWARE,
            4);
    assertThat(PointRunTest.outcome(explicit)).isEqualTo(PointRunTest.outcome(plain));
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
