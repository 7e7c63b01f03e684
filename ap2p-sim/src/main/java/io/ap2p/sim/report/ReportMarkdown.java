package io.ap2p.sim.report;

import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.scenario.Point;
import java.nio.file.Path;
import java.util.List;

/** Writes a {@link Report}'s report.md: setup, performance, claims, summary and cost sections. */
final class ReportMarkdown {

  private final Report report;
  private final List<RunResult> results;

  /** The markdown of {@code report}, whose runs are {@code results}. */
  ReportMarkdown(Report report, List<RunResult> results) {
    this.report = report;
    this.results = results;
  }

  /** The report.md text; {@code files} are the files written before it (figures among them). */
  String markdown(Report.Perf perf, List<Path> files) {
    StringBuilder md = new StringBuilder();
    md.append("# Simulation report: ").append(report.scenario().name()).append("\n\n");
    if (!report.scenario().description().isEmpty()) {
      md.append(report.scenario().description()).append("\n\n");
    }
    int seeds = report.rows().isEmpty() ? 0 : report.rows().get(0).success().n();
    Point first = report.scenario().points().get(0);
    md.append("- runs: ")
        .append(results.size())
        .append(" (")
        .append(report.scenario().points().size())
        .append(" points × ")
        .append(report.scenario().policies().size())
        .append(" policies × ")
        .append(seeds)
        .append(" seeds, seeds 1…")
        .append(seeds)
        .append(")\n");
    md.append("- swept: ")
        .append(report.swept().isEmpty() ? "nothing" : String.join(", ", report.swept()))
        .append('\n');
    md.append("- discovery: ").append(first.discovery()).append('\n');
    md.append("- signatures: ")
        .append(first.signatures())
        .append(
            first.signatures().equals("model")
                ? " (the cost model: descriptors carry a SHA-512 tag over the signer's key and the"
                    + " canonical bytes instead of an Ed25519 signature, checked by the same"
                    + " validation code; receipts and attestations stay Ed25519)\n"
                : " (every descriptor and receipt is signed and verified with Ed25519 through"
                    + " BouncyCastle; a descriptor's verification is memoised per distinct bytes,"
                    + " which does not change any outcome)\n");
    md.append(
        "- workflow: image.generate (low risk) then content.publish (irreversible, high risk)\n\n");

    long events = results.stream().mapToLong(RunResult::events).sum();
    long runMillis = results.stream().mapToLong(RunResult::wallMillis).sum();
    md.append("## Performance on this machine\n\n");
    md.append("| measure | value |\n| --- | --- |\n");
    md.append("| wall time | ").append(Report.f(perf.wallMillis() / 1000.0, 1)).append(" s on ");
    md.append(perf.threads()).append(" thread(s) |\n");
    md.append("| events processed | ").append(events).append(" |\n");
    md.append("| events per second (per run thread) | ")
        .append(Report.f(runMillis == 0 ? 0 : events * 1000.0 / runMillis, 0))
        .append(" |\n");
    md.append("| events per second (whole scenario) | ")
        .append(Report.f(perf.wallMillis() == 0 ? 0 : events * 1000.0 / perf.wallMillis(), 0))
        .append(" |\n");
    md.append("| peak heap | ")
        .append(Report.f(perf.peakHeapBytes() / (1024.0 * 1024.0), 1))
        .append(" MiB (garbage included) |\n");
    md.append("| largest heap after a collection | ")
        .append(Report.f(perf.maxHeapAfterGcBytes() / (1024.0 * 1024.0), 1))
        .append(" MiB (bounds the live set) |\n");
    md.append("| heap limit | ")
        .append(Report.f(perf.heapLimitBytes() / (1024.0 * 1024.0), 1))
        .append(" MiB |\n\n");

    md.append("## The paper's claims next to the measured numbers\n\n");
    List<String> claims = new Claims(report).all();
    if (claims.isEmpty()) {
      md.append("This scenario sweeps nothing the paper makes a claim about; see the summary.\n\n");
    }
    for (String c : claims) {
      md.append(c).append('\n');
    }

    md.append("## Summary (mean ± 95% CI over seeds)\n\n");
    md.append(
        "| point | policy | success | discovery p50 / p95 / p99 ms | control msgs/peer/s |"
            + " control B/peer/s | verification msgs/wf | verification ms/wf | task B/wf |"
            + " canary B/wf |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Report.Row r : report.rows()) {
      md.append("| ")
          .append(report.pointLabel(r.point()))
          .append(" | ")
          .append(r.policy().label())
          .append(" | ")
          .append(Report.pm(r.success(), 3))
          .append(" | ")
          .append(Report.f(r.discoveryP50().mean(), 1))
          .append(" / ")
          .append(Report.f(r.discoveryP95().mean(), 1))
          .append(" / ")
          .append(Report.f(r.discoveryP99().mean(), 1))
          .append(" | ")
          .append(Report.pm(r.controlMsgs(), 3))
          .append(" | ")
          .append(Report.pm(r.controlBytes(), 0))
          .append(" | ")
          .append(Report.f(r.verificationMsgs().mean(), 2))
          .append(" | ")
          .append(Report.f(r.verificationMs().mean(), 0))
          .append(" | ")
          .append(Report.f(r.taskBytes().mean(), 0))
          .append(" | ")
          .append(Report.f(r.verificationBytes().mean(), 0))
          .append(" |\n");
    }
    md.append(
        "\nTask B/wf: bytes of real task attempts per workflow on /ap2p/task/1.0.0 (INVOKE and"
            + " input DATA, RESULT and output DATA or ERROR), framed by the real codec; canary B/wf:"
            + " the same for canaries, a verification cost.\n");
    md.append(VerificationCosts.section(results, r -> report.pointLabel(r.point())));
    if (SilentWaits.applies(results)) {
      md.append(SilentWaits.section(results, r -> report.pointLabel(r.point())));
    }
    if (NewcomerReport.applies(results)) {
      md.append(NewcomerReport.section(results, r -> report.pointLabel(r.point())));
    }
    if (ChurnReport.applies(report.scenario())) {
      md.append('\n').append(new ChurnReport(results).markdown());
    }
    md.append("\n## Figures\n\n");
    for (Path p : files) {
      String n = p.getFileName().toString();
      if (n.endsWith(".png")) {
        md.append("![").append(n).append("](").append(n).append(")\n\n");
      }
    }
    md.append("## Files\n\n");
    md.append("- `results.csv`: one row per point × policy × seed (byte-identical on rerun)\n");
    md.append("- `summary.csv`: mean and 95% CI per point × policy (byte-identical on rerun)\n");
    md.append("- `perf.csv`: wall time and events/s per run (measures this machine)\n");
    return md.toString();
  }
}
