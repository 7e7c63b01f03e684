package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.Node;
import io.ap2p.node.demo.LoopbackWorld;
import io.ap2p.node.demo.WorkflowBench;
import io.ap2p.node.persona.Persona;
import io.ap2p.sim.report.Stats;
import io.ap2p.sim.run.PointRun;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One small setting run both ways, in the simulator and on a real loopback network of nodes: the
 * real success rate must fall within the simulator's 95% interval for one run (a prediction
 * interval over its seeds). The evidence that the simulator models the software
 * (docs/verification.md, "Simulator against reality").
 *
 * <p>The setting, the same on both sides: 20 providers, half of them Sybils; honest and Sybil
 * providers alike spread over the workflow's two capabilities (5 + 5 each, as the simulator lays
 * them out); Sybils always answer wrongly, honest providers always rightly, no drift; one requester
 * runs 30 two-step workflows, one after another, under naive and under risk-aware; canaries go
 * before or beside the real task at random and trusted peers are spot-checked, as real nodes do.
 */
@Tag("slow")
class SimulatorAgainstRealityTest {

  static final int PEERS = 20;
  static final double SYBILS = 0.5;
  static final int WORKFLOWS = 30;
  static final int SEEDS = 10;

  static Point point() throws Exception {
    String json =
        String.format(
            Locale.ROOT,
            "{\"peers\":%d,\"sybilFraction\":%s,\"requesters\":1,\"durationSeconds\":%d,"
                + "\"workflowsPerSecond\":0.1,\"sybilWrong\":1,\"sybilTimeout\":0,"
                + "\"honestWrongRate\":0,\"degradedWrongRate\":0,\"driftMeanSeconds\":1e9,"
                + "\"registryExplore\":0.25,\"capabilities\":2,\"canaryPlacement\":\"mixed\",\"spotChecks\":0.2}",
            PEERS,
            SYBILS,
            // workflows arrive from 10 s on, one every 10 s on average (Poisson): about WORKFLOWS
            // of them, rarely overlapping, as the real requester runs them one after another
            10 + WORKFLOWS * 10);
    return ScenarioParser.parse("reality", json, List.of()).points().get(0);
  }

  @Test
  void theRealSuccessRateFallsWithinTheSimulatorsInterval() throws Exception {
    Point p = point();
    List<TierPolicy> policies = List.of(TierPolicy.NAIVE, TierPolicy.RISK_AWARE);
    List<Stats> simulated = new ArrayList<>();
    for (TierPolicy policy : policies) {
      List<Double> rates = new ArrayList<>();
      for (long seed = 1; seed <= SEEDS; seed++) {
        rates.add(PointRun.run(p, policy, seed).successRate());
      }
      simulated.add(Stats.of(rates));
    }
    List<WorkflowBench.Result> real = new ArrayList<>();
    int half = (PEERS - (int) Math.round(PEERS * SYBILS)) / 2;
    int sybilsPerTag = (int) Math.round(PEERS * SYBILS) / 2;
    try (LoopbackWorld world = LoopbackWorld.start()) {
      for (String skill : LoopbackWorld.SKILLS) {
        world.addHonest(half, List.of(skill));
        world.addAdversaries(sybilsPerTag, List.of(skill), Persona.SYBIL);
      }
      for (TierPolicy policy : policies) {
        Node requester = world.requester();
        real.add(
            WorkflowBench.run(
                requester,
                policy,
                WORKFLOWS,
                world.adversaryIds(),
                new SplittableRandom(7),
                line -> {}));
        world.stop(requester);
      }
    }
    // A 95% prediction interval for one run (Student's t, n seeds): where a single run of about
    // WORKFLOWS workflows falls, which is what the real run is; the interval of the simulator's
    // mean would be sqrt(n + 1) times narrower and is printed beside it.
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%-11s %-22s %-26s %-18s%n",
            "policy",
            "simulator mean ± CI",
            "one run, 95% prediction",
            "real loopback"));
    List<double[]> bounds = new ArrayList<>();
    for (int i = 0; i < policies.size(); i++) {
      Stats s = simulated.get(i);
      double spread = s.ci95() * Math.sqrt(s.n() + 1.0);
      double lo = Math.max(0, s.mean() - spread);
      double hi = Math.min(1, s.mean() + spread);
      bounds.add(new double[] {lo, hi});
      WorkflowBench.Result r = real.get(i);
      table.append(
          String.format(
              Locale.ROOT,
              "%-11s %.3f ± %.3f          [%.3f, %.3f]             %.3f (%d/%d)%n",
              policies.get(i).label(),
              s.mean(),
              s.ci95(),
              lo,
              hi,
              r.successRate(),
              r.succeeded(),
              r.workflows()));
    }
    System.out.print(table);
    for (int i = 0; i < policies.size(); i++) {
      double rate = real.get(i).successRate();
      assertThat(rate)
          .as(policies.get(i).label() + "\n" + table)
          .isBetween(bounds.get(i)[0] - 1e-9, bounds.get(i)[1] + 1e-9);
    }
  }
}
