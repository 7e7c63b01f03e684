package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Sybil-resistance mechanisms of the {@code defences} key, at more Sybils than an answer. */
@org.junit.jupiter.api.Tag("slow")
class SybilDefencesTest {

  static Point point(String... overrides) throws Exception {
    return ScenarioParser.parse(
            "t",
            "{\"peers\":400,\"sybilFraction\":0.5,\"durationSeconds\":120,\"signatures\":\"model\"}",
            List.of(overrides))
        .points()
        .get(0);
  }

  @Test
  void recallingTrustedProvidersAndDoubtingClaimsHoldAgainstASybilMajorityOfEveryAnswer()
      throws Exception {
    // 100 Sybils per workflow tag out-claim 100 honest providers: the node's registry still gives
    // them 38 of every 50 places
    double plain = PointRun.run(point(), TierPolicy.RISK_AWARE, 1).successRate();
    RunResult defended =
        PointRun.run(
            point("defences=exclude+recall+doubt+shared", "registryExplore=1"),
            TierPolicy.RISK_AWARE,
            1);
    assertThat(defended.successRate()).isGreaterThan(0.85).isGreaterThan(plain + 0.1);
    // and a rerun is the same run
    assertThat(
            PointRunTest.outcome(
                PointRun.run(
                    point("defences=exclude+recall+doubt+shared", "registryExplore=1"),
                    TierPolicy.RISK_AWARE,
                    1)))
        .isEqualTo(PointRunTest.outcome(defended));
  }

  @Test
  void theDefencesLeaveNaiveRequestersAlone() throws Exception {
    // naive requesters keep no reputation: nothing to exclude, recall or doubt with
    RunResult a = PointRun.run(point("peers=100"), TierPolicy.NAIVE, 2);
    RunResult b =
        PointRun.run(point("peers=100", "defences=exclude+recall+doubt"), TierPolicy.NAIVE, 2);
    assertThat(PointRunTest.outcome(b)).isEqualTo(PointRunTest.outcome(a));
  }
}
