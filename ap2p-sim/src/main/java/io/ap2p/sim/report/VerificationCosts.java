package io.ap2p.sim.report;

import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.VerificationCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.md's table of verification costs beyond canary messages (the canary oracle's and the
 * attestors' work) and of how well canary evaders told canaries apart, per point and policy.
 */
final class VerificationCosts {

  private VerificationCosts() {}

  /** The section for {@code results}, labelling each point with {@code label}. */
  static String section(
      List<RunResult> results, java.util.function.Function<RunResult, String> label) {
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : results) {
      groups.computeIfAbsent(r.point() + "|" + r.policy(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder("\n## Verification costs beyond canary messages\n\n");
    md.append(
        "| point | policy | canary oracle ms/wf | attestations/wf | refused | attestor ms/wf |"
            + " evader: canaries spotted | evader: real tasks taken for canaries |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups.values()) {
      long wf = 0;
      double oracle = 0;
      double attestorMs = 0;
      long attest = 0;
      long refused = 0;
      long canaries = 0;
      long spotted = 0;
      long real = 0;
      long taken = 0;
      for (RunResult r : g) {
        VerificationCost c = r.cost();
        wf += r.workflows();
        oracle += c.canaryComputeMs();
        attestorMs += c.attestorComputeMs();
        attest += c.attestRequests();
        refused += c.attestRefused();
        canaries += c.evaderCanaries();
        spotted += c.evaderCanariesTaken();
        real += c.evaderReal();
        taken += c.evaderRealTaken();
      }
      double n = Math.max(1, wf);
      md.append("| ")
          .append(label.apply(g.get(0)))
          .append(" | ")
          .append(g.get(0).policy().label())
          .append(" | ")
          .append(Report.f(oracle / n, 0))
          .append(" | ")
          .append(Report.f(attest / n, 2))
          .append(" | ")
          .append(attest == 0 ? "-" : Report.f((double) refused / attest, 3))
          .append(" | ")
          .append(Report.f(attestorMs / n, 0))
          .append(" | ")
          .append(canaries == 0 ? "-" : Report.f((double) spotted / canaries, 3))
          .append(" | ")
          .append(real == 0 ? "-" : Report.f((double) taken / real, 3))
          .append(" |\n");
    }
    md.append(
        "\nCanary oracle: requester time spent learning canaries' answers (re-executing a fresh"
            + " canary, or building a canary set once per capability); attestations: countersignatures"
            + " asked of attestors per workflow, the share refused, and the attestors' time spent"
            + " re-executing tasks to check them; evader: of the canaries (real tasks) that reached a"
            + " canary evader, the share it took for canaries and answered right.\n");
    return md.toString();
  }
}
