package io.ap2p.sim.report;

import io.ap2p.sim.churn.ChurnConfig;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The churn part of a report, written only when some point of the scenario has churn: {@code
 * churn.csv} (one row per run), {@code churn-summary.csv} (mean and 95% CI per point × policy) and
 * a table for report.md (CI columns are blank with a single seed). Both CSVs are byte-identical on
 * rerun.
 */
public final class ChurnReport {

  /** The columns of churn.csv. */
  public static final String HEADER =
      "scenario,policy,discovery,peers,session_mean_s,offline_mean_s,session_shape,availability,"
          + "cold_start_s,seed,workflows,success_rate,discovery_p50_ms,discovery_p95_ms,"
          + "stale_rate,named,stale,departures,returns,cold_starts,control_msgs_per_peer_s,"
          + "control_bytes_per_peer_s,workflow_p50_ms";

  private static final String SUMMARY_HEADER =
      "scenario,policy,discovery,peers,session_mean_s,offline_mean_s,seeds,success_rate_mean,"
          + "success_rate_ci95,discovery_p50_ms_mean,discovery_p50_ms_ci95,discovery_p95_ms_mean,"
          + "discovery_p95_ms_ci95,stale_rate_mean,stale_rate_ci95,control_msgs_per_peer_s_mean,"
          + "control_msgs_per_peer_s_ci95,control_bytes_per_peer_s_mean,"
          + "control_bytes_per_peer_s_ci95,workflow_p50_ms_mean,departures_mean,cold_starts_mean";

  private final List<RunResult> results;
  private final Collection<List<RunResult>> groups;

  /** The churn report of {@code results}. */
  public ChurnReport(List<RunResult> results) {
    this.results = List.copyOf(results);
    this.groups = Report.byPointAndPolicy(this.results);
  }

  /** Whether {@code scenario} has churn at any point. */
  public static boolean applies(Scenario scenario) {
    return scenario.points().stream().anyMatch(p -> p.churn().enabled());
  }

  /** Writes churn.csv and churn-summary.csv into {@code dir}; returns them. */
  public List<Path> write(Path dir) throws IOException {
    Path runs = dir.resolve("churn.csv");
    Files.writeString(runs, csv(), StandardCharsets.UTF_8);
    Path summary = dir.resolve("churn-summary.csv");
    Files.writeString(summary, summaryCsv(), StandardCharsets.UTF_8);
    return List.of(runs, summary);
  }

  /** churn.csv: one row per run. */
  public String csv() {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (RunResult r : results) {
      Point p = r.point();
      ChurnConfig c = p.churn();
      sb.append(
              String.join(
                  ",",
                  p.scenario().replace(",", ";"),
                  r.policy().label(),
                  p.discovery(),
                  Integer.toString(p.peers()),
                  f(c.sessionMeanSeconds(), 1),
                  f(c.offlineMeanSeconds(), 1),
                  f(c.shape(), 2),
                  f(c.availability(), 2),
                  f(c.coldStartSeconds(), 2),
                  Long.toString(r.seed()),
                  Integer.toString(r.workflows()),
                  f(r.successRate(), 4),
                  f(r.discoveryP50Ms(), 3),
                  f(r.discoveryP95Ms(), 3),
                  f(r.churn().staleRate(), 4),
                  Long.toString(r.churn().named()),
                  Long.toString(r.churn().stale()),
                  Long.toString(r.churn().departures()),
                  Long.toString(r.churn().returns()),
                  Long.toString(r.churn().coldStarts()),
                  f(r.controlMsgsPerPeerSecond(), 4),
                  f(r.controlBytesPerPeerSecond(), 2),
                  f(r.workflowLatencyP50Ms(), 2)))
          .append('\n');
    }
    return sb.toString();
  }

  /** churn-summary.csv: mean and 95% CI per point × policy. */
  public String summaryCsv() {
    StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
    for (List<RunResult> g : groups) {
      RunResult first = g.get(0);
      Point p = first.point();
      Stats success = stats(g, RunResult::successRate);
      Stats p50 = stats(g, RunResult::discoveryP50Ms);
      Stats p95 = stats(g, RunResult::discoveryP95Ms);
      Stats stale = stats(g, r -> r.churn().staleRate());
      Stats msgs = stats(g, RunResult::controlMsgsPerPeerSecond);
      Stats bytes = stats(g, RunResult::controlBytesPerPeerSecond);
      sb.append(
              String.join(
                  ",",
                  p.scenario().replace(",", ";"),
                  first.policy().label(),
                  p.discovery(),
                  Integer.toString(p.peers()),
                  f(p.churn().sessionMeanSeconds(), 1),
                  f(p.churn().offlineMeanSeconds(), 1),
                  Integer.toString(g.size()),
                  f(success.mean(), 4),
                  ci(success, 4),
                  f(p50.mean(), 3),
                  ci(p50, 3),
                  f(p95.mean(), 3),
                  ci(p95, 3),
                  f(stale.mean(), 4),
                  ci(stale, 4),
                  f(msgs.mean(), 4),
                  ci(msgs, 4),
                  f(bytes.mean(), 2),
                  ci(bytes, 2),
                  f(stats(g, RunResult::workflowLatencyP50Ms).mean(), 2),
                  f(stats(g, r -> r.churn().departures()).mean(), 1),
                  f(stats(g, r -> r.churn().coldStarts()).mean(), 1)))
          .append('\n');
    }
    return sb.toString();
  }

  /** The churn table of report.md. */
  public String markdown() {
    StringBuilder md = new StringBuilder("## Churn (mean ± 95% CI over seeds)\n\n");
    md.append(
        "| discovery | policy | mean session s | mean offline s | success | discovery p50 / p95"
            + " ms | stale answers | control msgs/peer/s | control B/peer/s | workflow p50 ms |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (List<RunResult> g : groups) {
      RunResult first = g.get(0);
      ChurnConfig c = first.point().churn();
      Stats success = stats(g, RunResult::successRate);
      Stats stale = stats(g, r -> r.churn().staleRate());
      Stats msgs = stats(g, RunResult::controlMsgsPerPeerSecond);
      Stats bytes = stats(g, RunResult::controlBytesPerPeerSecond);
      md.append("| ")
          .append(first.point().discovery())
          .append(" | ")
          .append(first.policy().label())
          .append(" | ")
          .append(c.enabled() ? f(c.sessionMeanSeconds(), 0) : "no churn")
          .append(" | ")
          .append(c.enabled() ? f(c.offlineMeanSeconds(), 0) : "–")
          .append(" | ")
          .append(pm(success, 3))
          .append(" | ")
          .append(f(stats(g, RunResult::discoveryP50Ms).mean(), 1))
          .append(" / ")
          .append(f(stats(g, RunResult::discoveryP95Ms).mean(), 1))
          .append(" | ")
          .append(pm(stale, 3))
          .append(" | ")
          .append(pm(msgs, 3))
          .append(" | ")
          .append(pm(bytes, 0))
          .append(" | ")
          .append(f(stats(g, RunResult::workflowLatencyP50Ms).mean(), 0))
          .append(" |\n");
    }
    md.append(
        "\nStale answers: of the providers named by discovery answers (registry: descriptors;"
            + " DHT: provider records), the fraction that were offline, crashed or no longer using"
            + " that identity when the answer arrived (the same definition in both modes; a"
            + " descriptor superseded by a refresh is not stale). With one seed there is no CI (the"
            + " CSV leaves it blank). Files: `churn.csv` (one row per"
            + " run), `churn-summary.csv` (mean and 95% CI per point × policy).\n\n");
    return md.toString();
  }

  private static Stats stats(List<RunResult> g, ToDoubleFunction<RunResult> f) {
    List<Double> v = new ArrayList<>(g.size());
    for (RunResult r : g) {
      v.add(f.applyAsDouble(r));
    }
    return Stats.of(v);
  }

  private static String pm(Stats s, int decimals) {
    return s.n() < 2
        ? f(s.mean(), decimals) + " (one seed)"
        : f(s.mean(), decimals) + " ± " + f(s.ci95(), decimals);
  }

  /**
   * A 95% CI for the CSV: blank with fewer than two seeds (there is no interval, not a zero one).
   */
  private static String ci(Stats s, int decimals) {
    return s.n() < 2 ? "" : f(s.ci95(), decimals);
  }

  private static String f(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
