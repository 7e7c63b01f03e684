package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requester-side exploration in a small world under all four defences: honest newcomers are
 * selected when requesters explore, and not when they do not.
 */
class ExploreNewcomersTest {

  static final String WORLD =
      "{\"peers\":40,\"sybilFraction\":0.5,\"registryRanking\":\"node\",\"registryExplore\":1.0,"
          + "\"defences\":\"exclude+recall+doubt+shared\",\"durationSeconds\":180,"
          + "\"newcomerAtSeconds\":40,\"newcomers\":6,\"newcomerEverySeconds\":5,"
          + "\"exploreMaxRisk\":\"high\"}";

  static RunResult run(double explore) throws Exception {
    return PointRun.run(
        ScenarioParser.parse("t", WORLD, List.of("explore=" + explore)).points().get(0),
        TierPolicy.RISK_AWARE,
        1);
  }

  @Test
  void newcomersAreSelectedOnlyWhenRequestersExplore() throws Exception {
    NewcomerStats off = run(0).newcomers();
    NewcomerStats on = run(0.5).newcomers();
    assertThat(off.joined()).isEqualTo(6);
    assertThat(on.joined()).isEqualTo(6);
    assertThat(off.selected()).isZero();
    assertThat(on.selected()).isGreaterThanOrEqualTo(3);
    assertThat(on.selectedForReal()).isPositive();
    // reruns are the same run
    assertThat(run(0.5).newcomers()).isEqualTo(on);
  }
}
