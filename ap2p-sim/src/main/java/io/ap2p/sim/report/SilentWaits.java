package io.ap2p.sim.report;

import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.VerificationCost;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * report.md's table of the time requesters lost to silent adversaries (which accept every task and
 * never answer), per point and policy, pooled over seeds: written only when some attempt reached
 * one.
 */
final class SilentWaits {

  private SilentWaits() {}

  /** Whether any run of {@code results} sent an attempt to a silent adversary. */
  static boolean applies(List<RunResult> results) {
    return results.stream().anyMatch(r -> r.cost().silentAttempts() > 0);
  }

  /** The section for {@code results}, labelling each point with {@code label}. */
  static String section(List<RunResult> results, Function<RunResult, String> label) {
    Collection<List<RunResult>> groups = Report.byPointAndPolicy(results);
    StringBuilder md = new StringBuilder("\n## Waits on silent adversaries\n\n");
    md.append(
        "| point | policy | attempts to silent adversaries / wf | waited s / wf |"
            + " mean wait per attempt s | longest wait on a step's first attempt s |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups) {
      long wf = 0;
      long attempts = 0;
      double waitMs = 0;
      double openingMaxMs = 0;
      for (RunResult r : g) {
        VerificationCost c = r.cost();
        wf += r.workflows();
        attempts += c.silentAttempts();
        waitMs += c.silentWaitMs();
        openingMaxMs = Math.max(openingMaxMs, c.silentOpeningMaxMs());
      }
      double n = Math.max(1, wf);
      md.append("| ")
          .append(label.apply(g.get(0)))
          .append(" | ")
          .append(g.get(0).policy().label())
          .append(" | ")
          .append(Report.f(attempts / n, 2))
          .append(" | ")
          .append(Report.f(waitMs / 1000 / n, 2))
          .append(" | ")
          .append(attempts == 0 ? "-" : Report.f(waitMs / 1000 / attempts, 2))
          .append(" | ")
          .append(attempts == 0 ? "-" : Report.f(openingMaxMs / 1000, 2))
          .append(" |\n");
    }
    md.append(
        "\nPer workflow, pooled over seeds. A silent adversary accepts every task and never"
            + " answers, so each attempt it receives (canary or real task) costs the requester the"
            + " attempt's whole timeout: the step's deadline or the deadline the adversary claims"
            + " (sybilDeadlineSeconds), whichever is first, and for an explored stranger at most"
            + " half the step's time (core's Exploration.TIME_SHARE). The last column is the"
            + " longest such wait on a step's first attempt, which is the explored stranger's when"
            + " the step explores.\n");
    return md.toString();
  }
}
