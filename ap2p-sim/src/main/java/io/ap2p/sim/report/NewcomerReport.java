package io.ap2p.sim.report;

import io.ap2p.sim.run.NewcomerStats;
import io.ap2p.sim.run.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * report.md's section on honest newcomers and the price on identities: what an identity cost, how
 * long a newcomer waited until a requester first selected it, and how many fresh identities the
 * adversary paid for, per point and policy, pooled over seeds.
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
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : results) {
      groups.computeIfAbsent(r.point() + "|" + r.policy(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder("\n## Newcomers and the price on identities\n\n");
    md.append(
        "| point | policy | identity cost core-s | newcomers | selected | time to first selection s"
            + " | selected for a real task | time to first real task s |"
            + " adversary identities bought per run | their core-s per run |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups.values()) {
      int joined = 0;
      int selected = 0;
      int real = 0;
      double any = 0;
      double first = 0;
      long bought = 0;
      for (RunResult r : g) {
        NewcomerStats n = r.newcomers();
        joined += n.joined();
        selected += n.selected();
        real += n.selectedForReal();
        any += n.firstSelectionSecondsSum();
        first += n.firstRealSecondsSum();
        bought += n.adversaryIdentities();
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
          .append(joined)
          .append(" | ")
          .append(selected)
          .append(" | ")
          .append(selected == 0 ? "-" : Report.f(any / selected, 1))
          .append(" | ")
          .append(real)
          .append(" | ")
          .append(real == 0 ? "-" : Report.f(first / real, 1))
          .append(" | ")
          .append(Report.f(perRun, 1))
          .append(" | ")
          .append(Report.f(perRun * cost, 0))
          .append(" |\n");
    }
    md.append(
        "\nNewcomers: honest providers (one per workflow capability) that decide to join mid-run,"
            + " pay for their identity on one core, then register; times count from that decision"
            + " and are means over the newcomers selected before the run ended (the others count"
            + " only in the newcomers column). Adversary identities: fresh identities (a"
            + " whitewasher's) paid for during the run; its initial identities were paid before.\n");
    return md.toString();
  }
}
