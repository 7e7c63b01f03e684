package io.ap2p.bench;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.run.Memo;
import io.ap2p.sim.run.PointRun;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioException;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's figures for the setting {@link LoopbackOverhead} runs on real nodes: the same
 * honest providers and Sybils per skill, Sybils that always answer wrongly, honest providers that
 * never do and do not drift, one requester, 20 s step deadlines, the registry's exploration share
 * of real nodes (0.25), canaries alongside the real task as real nodes send them; seeds 1 to N, the
 * runs of one seed sharing a {@link Memo} as {@code sim run} does.
 */
final class SimOverhead {

  /**
   * Poisson arrival rate of workflows: one every 10 s on average, so that they rarely overlap, as
   * the real requester runs them one after another (the simulator-against-reality test's choice).
   */
  static final double WORKFLOWS_PER_SECOND = 0.1;

  /** What one policy's runs gave, pooled over seeds. */
  static final class Tally {
    int runs;
    int workflows;
    int succeeded;
    double minSuccess = 1;
    double maxSuccess;
    double verificationMsgs;
    double verificationMs;
    double verificationBytes;
    double workflowP50Sum;

    void add(RunResult r) {
      runs++;
      workflows += r.workflows();
      succeeded += r.succeeded();
      minSuccess = Math.min(minSuccess, r.successRate());
      maxSuccess = Math.max(maxSuccess, r.successRate());
      verificationMsgs += r.verificationMsgsPerWorkflow() * r.workflows();
      verificationMs += r.verificationLatencyMsPerWorkflow() * r.workflows();
      verificationBytes += r.verificationBytesPerWorkflow() * r.workflows();
      workflowP50Sum += r.workflowLatencyP50Ms();
    }

    double successRate() {
      return workflows == 0 ? 0 : (double) succeeded / workflows;
    }

    /** Canary requests and answers per workflow (the simulator counts 2 per canary). */
    double messagesPerWorkflow() {
      return workflows == 0 ? 0 : verificationMsgs / workflows;
    }

    double canariesPerWorkflow() {
      return messagesPerWorkflow() / 2;
    }

    double verificationMsPerWorkflow() {
      return workflows == 0 ? 0 : verificationMs / workflows;
    }

    /** Canary bytes as the real codec frames them, KiB per workflow. */
    double canaryKibPerWorkflow() {
      return workflows == 0 ? 0 : verificationBytes / 1024 / workflows;
    }

    /** The workflow time's median, averaged over seeds. */
    double workflowP50Ms() {
      return runs == 0 ? 0 : workflowP50Sum / runs;
    }
  }

  private SimOverhead() {}

  /**
   * The scenario overrides for {@code honest} providers of both skills (the simulator's honest
   * peers each hold one skill: twice as many identities) and Sybils at {@code fraction} of the
   * identities, about {@code workflows} workflows.
   */
  static List<String> overrides(int honest, double fraction, int workflows) {
    int peers = (int) Math.round(2 * honest / (1 - fraction));
    return List.of(
        "peers=" + peers,
        "sybilFraction=" + fraction,
        "requesters=1",
        "capabilities=2",
        "workflowsPerSecond=" + WORKFLOWS_PER_SECOND,
        // workflows arrive only after the simulator's warm-up
        "durationSeconds=" + (PointRun.WARMUP_SECONDS + workflows / WORKFLOWS_PER_SECOND),
        "stepDeadlineSeconds=20",
        "sybilWrong=1",
        "sybilTimeout=0",
        "honestWrongRate=0",
        "degradedWrongRate=0",
        "canaryPlacement=mixed",
        "spotChecks=0.2",
        "driftMeanSeconds=1e9",
        "registryExplore=0.25");
  }

  /** The one point of those overrides. */
  static Point point(int honest, double fraction, int workflows) {
    try {
      return ScenarioParser.parse(
              "verification-overhead", "{}", overrides(honest, fraction, workflows))
          .points()
          .get(0);
    } catch (ScenarioException e) {
      throw new IllegalStateException("the benchmark's scenario is valid", e);
    }
  }

  /** Runs {@code point} under each of {@code policies} with seeds 1 to {@code seeds}. */
  static Map<TierPolicy, Tally> measure(Point point, List<TierPolicy> policies, int seeds) {
    Map<TierPolicy, Tally> out = new EnumMap<>(TierPolicy.class);
    policies.forEach(p -> out.put(p, new Tally()));
    for (long seed = 1; seed <= seeds; seed++) {
      Memo memo = new Memo();
      for (TierPolicy p : policies) {
        out.get(p).add(PointRun.run(point, p, seed, memo));
      }
    }
    return out;
  }

  /** A short description of {@code point} for the output. */
  static String describe(Point p) {
    int sybils = (int) Math.round(p.peers() * p.sybilFraction());
    return String.format(
        Locale.ROOT,
        "%d identities (%d honest, one skill each; %d Sybils claiming one each), %.1f workflows/s"
            + " for %.0f s after a %.0f s warm-up, link median %.0f ms one way (sigma %.1f), registry %.0f ms",
        p.peers(),
        p.peers() - sybils,
        sybils,
        p.workflowsPerSecond(),
        p.durationSeconds() - PointRun.WARMUP_SECONDS,
        PointRun.WARMUP_SECONDS,
        p.linkMedianMs(),
        p.linkSigma(),
        p.registryLinkMedianMs());
  }
}
