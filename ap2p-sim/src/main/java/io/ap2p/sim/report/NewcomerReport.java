package io.ap2p.sim.report;

import io.ap2p.sim.run.NewcomerStats;
import io.ap2p.sim.run.RunResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * report.md's section on honest newcomers and the price on identities: what an identity cost, the
 * share of newcomers selected within the run (with a 95% interval), the Kaplan–Meier median time to
 * first selection (censored at the run's end), and what the adversary's identities cost, per point
 * and policy, pooled over seeds.
 */
final class NewcomerReport {

  private NewcomerReport() {}

  /** Whether any run watched newcomers or priced identities. */
  static boolean applies(List<RunResult> results) {
    return results.stream()
        .anyMatch(r -> r.newcomers().joined() > 0 || r.newcomers().identityCostSeconds() > 0);
  }

  /** The section for {@code results}, labelling each point with {@code label}. */
  static String section(List<RunResult> results, Function<RunResult, String> label) {
    Collection<List<RunResult>> groups = Report.byPointAndPolicy(results);
    StringBuilder md = new StringBuilder("\n## Newcomers and the price on identities\n\n");
    md.append(
        "| point | policy | identity cost core-s | newcomers | selected in run (95% CI)"
            + " | median time to first selection s | selected for a real task (95% CI)"
            + " | median time to first real task s | adversary identities ready per run"
            + " | not ready at the end per run | their core-s per run"
            + " | initial + stockpiled identities' core-s |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups) {
      List<NewcomerStats.Wait> any = new ArrayList<>();
      List<NewcomerStats.Wait> real = new ArrayList<>();
      long bought = 0;
      long queued = 0;
      long before = 0;
      for (RunResult r : g) {
        NewcomerStats n = r.newcomers();
        any.addAll(n.firstSelection());
        real.addAll(n.firstReal());
        bought += n.adversaryIdentities();
        queued += n.adversaryQueued();
        before += n.initialAdversaryIdentities() + n.stockpile();
      }
      double cost = g.get(0).newcomers().identityCostSeconds();
      double perRun = (double) bought / g.size();
      md.append("| ")
          .append(label.apply(g.get(0)))
          .append(" | ")
          .append(g.get(0).policy().label())
          .append(" | ")
          .append(Report.f(cost, 1))
          .append(" | ")
          .append(any.size())
          .append(" | ")
          .append(share(any))
          .append(" | ")
          .append(Survival.median(any))
          .append(" | ")
          .append(share(real))
          .append(" | ")
          .append(Survival.median(real))
          .append(" | ")
          .append(Report.f(perRun, 1))
          .append(" | ")
          .append(Report.f((double) queued / g.size(), 1))
          .append(" | ")
          .append(Report.f(perRun * cost, 0))
          .append(" | ")
          .append(Report.f((double) before / g.size() * cost, 0))
          .append(" |\n");
    }
    md.append(
        "\nNewcomers: honest providers (offering each workflow capability in turn) that decide to"
            + " join mid-run, pay for their identity on one core, then register; times count from"
            + " that decision. Selected in run: the share selected before the run ended, with a"
            + " Wilson 95% interval over the newcomers pooled over seeds. Median time: Kaplan–Meier,"
            + " newcomers never selected censored at the run's end; \">= x\" when fewer than half"
            + " were selected by the longest follow-up x, \"-\" without newcomers. Adversary"
            + " identities: fresh identities (a whitewasher's) paid for, or free, and used during the run;"
            + " the initial ones and any stockpile were paid before it (last column). Without a"
            + " proof bound to a time or a registry's challenge the price limits the adversary's"
            + " total budget, not its rate.\n");
    return md.toString();
  }

  /** "k/n = p (lo–hi)" with a Wilson 95% interval, or "-" for none. */
  static String share(List<NewcomerStats.Wait> waits) {
    int n = waits.size();
    if (n == 0) {
      return "-";
    }
    int k = (int) waits.stream().filter(w -> !w.censored()).count();
    double z = 1.959964;
    double p = (double) k / n;
    double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return k
        + "/"
        + n
        + " = "
        + Report.f(p, 2)
        + " ("
        + Report.f(Math.max(0, centre - half), 2)
        + "–"
        + Report.f(Math.min(1, centre + half), 2)
        + ")";
  }
}
