package io.ap2p.sim.report;

import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.VerificationCost;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * report.md's table of what verification costs per workflow (canaries and their bytes, the
 * re-executions behind canary answers and attestations, the attestors' and requesters' work) and of
 * how well canary evaders told canaries apart, per point and policy, pooled over seeds.
 */
final class VerificationCosts {

  private VerificationCosts() {}

  /** The section for {@code results}, labelling each point with {@code label}. */
  static String section(List<RunResult> results, Function<RunResult, String> label) {
    Collection<List<RunResult>> groups = Report.byPointAndPolicy(results);
    StringBuilder md = new StringBuilder("\n## Verification cost per workflow\n\n");
    md.append(
        "| point | policy | canaries | canary B | re-executions: requester / attestor |"
            + " attestations (refused) | canary oracle ms | attestor ms |"
            + " evader: canaries spotted | evader: real tasks taken for canaries |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups) {
      long wf = 0;
      double canaryMsgs = 0;
      double canaryBytes = 0;
      double oracle = 0;
      double attestorMs = 0;
      long oracleRuns = 0;
      long attestorRuns = 0;
      long attest = 0;
      long refused = 0;
      long canaries = 0;
      long spotted = 0;
      long real = 0;
      long taken = 0;
      for (RunResult r : g) {
        VerificationCost c = r.cost();
        wf += r.workflows();
        canaryMsgs += r.verificationMsgsPerWorkflow() * r.workflows();
        canaryBytes += r.verificationBytesPerWorkflow() * r.workflows();
        oracle += c.canaryComputeMs();
        attestorMs += c.attestorComputeMs();
        oracleRuns += c.oracleExecutions();
        attestorRuns += c.attestorExecutions();
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
          .append(Report.f(canaryMsgs / 2 / n, 2))
          .append(" | ")
          .append(Report.f(canaryBytes / n, 0))
          .append(" | ")
          .append(Report.f(oracleRuns / n, 2))
          .append(" / ")
          .append(Report.f(attestorRuns / n, 2))
          .append(" | ")
          .append(Report.f(attest / n, 2))
          .append(" (")
          .append(attest == 0 ? "-" : Report.f((double) refused / attest, 3))
          .append(") | ")
          .append(Report.f(oracle / n, 0))
          .append(" | ")
          .append(Report.f(attestorMs / n, 0))
          .append(" | ")
          .append(canaries == 0 ? "-" : Report.f((double) spotted / canaries, 3))
          .append(" | ")
          .append(real == 0 ? "-" : Report.f((double) taken / real, 3))
          .append(" |\n");
    }
    md.append(
        "\nPer workflow, pooled over seeds. Canaries: canary tasks sent (each a request and an"
            + " answer); canary B: their bytes on /ap2p/task/1.0.0 as the real codec frames them;"
            + " re-executions: runs of a capability by requesters to learn canaries' answers (a"
            + " fresh canary costs one; a canary set costs its size once) and by attestors checking"
            + " a receipt before countersigning; attestations: countersignatures asked of"
            + " attestors, and the share refused (wrong output, or no attestor answered); canary"
            + " oracle ms and attestor ms: the time those re-executions took; evader: of the"
            + " canaries (real tasks) that reached a canary evader, the share it took for canaries"
            + " and answered right.\n");
    return md.toString();
  }
}
