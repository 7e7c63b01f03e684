package io.ap2p.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ap2p.sim.run.PointRun;
import io.ap2p.sim.scenario.Point;
import org.junit.jupiter.api.Test;

class SimOverheadTest {

  @Test
  void theSimulatedWorldHasTheRealOnesProvidersPerSkill() {
    // real: 10 honest and 10 Sybil providers, each serving both skills; simulated peers hold one
    Point half = SimOverhead.point(10, 0.5, 30);
    assertEquals(40, half.peers());
    assertEquals(20, Math.round(half.peers() * half.sybilFraction()));
    Point none = SimOverhead.point(10, 0.0, 30);
    assertEquals(20, none.peers());
    assertEquals(1, none.requesters());
    assertEquals(1.0, half.sybilWrong());
    assertEquals(0.0, half.honestWrongRate());
  }

  @Test
  void workflowsArriveForTheAskedNumberAfterTheWarmUp() {
    Point p = SimOverhead.point(10, 0.5, 30);
    assertEquals(
        30.0, (p.durationSeconds() - PointRun.WARMUP_SECONDS) * SimOverhead.WORKFLOWS_PER_SECOND);
  }
}
