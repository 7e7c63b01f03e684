package io.ap2p.sim.report;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Writes a scenario's results: {@code results.csv} (one row per run), {@code summary.csv} (mean and
 * 95% CI per point × policy), {@code perf.csv} (wall time and events/s per run), PNG figures, and
 * {@code report.md} with the paper's claims next to the measured numbers. {@code results.csv},
 * {@code summary.csv} and the figures depend only on the scenario and seeds; {@code perf.csv} and
 * the performance section of {@code report.md} measure the machine.
 */
public final class Report {

  /** The columns of results.csv. */
  public static final String RESULTS_HEADER =
      "scenario,policy,peers,sybil_fraction,ttl_s,drift_mean_s,canary_evasion,adversary,seed,"
          + "workflows,succeeded,success_rate,discovery_p50_ms,discovery_p95_ms,discovery_p99_ms,"
          + "control_msgs_per_peer_s,control_bytes_per_peer_s,verification_msgs_per_workflow,"
          + "verification_ms_per_workflow,workflow_p50_ms,events,trace_hash";

  /**
   * How the run went on this machine.
   *
   * @param wallMillis wall time of the whole scenario
   * @param threads threads used
   * @param peakHeapBytes peak heap use seen during the scenario (garbage included)
   * @param maxHeapAfterGcBytes the largest heap use right after a collection (bounds the live set;
   *     0 when no collection ran)
   * @param heapLimitBytes the JVM's maximum heap
   */
  public record Perf(
      long wallMillis,
      int threads,
      long peakHeapBytes,
      long maxHeapAfterGcBytes,
      long heapLimitBytes) {}

  /** One point × policy, summarised over seeds. */
  public record Row(
      Point point,
      TierPolicy policy,
      Stats success,
      Stats discoveryP50,
      Stats discoveryP95,
      Stats discoveryP99,
      Stats controlMsgs,
      Stats controlBytes,
      Stats verificationMsgs,
      Stats verificationMs,
      Stats workflowP50,
      Stats taskBytes,
      Stats verificationBytes) {}

  private final Scenario scenario;
  private final List<RunResult> results;
  private final List<Row> rows;
  private final List<String> swept;

  /** A report of {@code results}, which came from running {@code scenario}. */
  public Report(Scenario scenario, List<RunResult> results) {
    this.scenario = scenario;
    this.results = List.copyOf(results);
    this.rows = summarise(results);
    this.swept = swept(scenario.points());
  }

  /** The scenario reported on. */
  Scenario scenario() {
    return scenario;
  }

  /** Coordinates that vary across the scenario's points. */
  List<String> swept() {
    return swept;
  }

  /** The summary rows, in scenario order. */
  public List<Row> rows() {
    return rows;
  }

  /** Writes every file into {@code dir} (created if needed); returns the files written. */
  public List<Path> write(Path dir, Perf perf) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    out.add(write(dir.resolve("results.csv"), resultsCsv()));
    out.add(write(dir.resolve("summary.csv"), summaryCsv()));
    out.add(write(dir.resolve("perf.csv"), perfCsv()));
    out.addAll(new Figures(this).write(dir));
    if (ChurnReport.applies(scenario)) {
      out.addAll(new ChurnReport(results).write(dir));
    }
    out.add(write(dir.resolve("report.md"), new ReportMarkdown(this, results).markdown(perf, out)));
    return out;
  }

  private static Path write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  // ---- CSV ---------------------------------------------------------------------------------

  /** results.csv: one row per run. */
  public String resultsCsv() {
    StringBuilder sb = new StringBuilder(RESULTS_HEADER).append(extraHeader()).append('\n');
    for (RunResult r : results) {
      Point p = r.point();
      sb.append(
          String.join(
              ",",
              csv(p.scenario()),
              r.policy().label(),
              Integer.toString(p.peers()),
              num(p.sybilFraction()),
              Long.toString(p.ttlSeconds()),
              num(p.driftMeanSeconds()),
              num(p.canaryEvasion()),
              p.adversary(),
              Long.toString(r.seed()),
              Integer.toString(r.workflows()),
              Integer.toString(r.succeeded()),
              f(r.successRate(), 4),
              f(r.discoveryP50Ms(), 3),
              f(r.discoveryP95Ms(), 3),
              f(r.discoveryP99Ms(), 3),
              f(r.controlMsgsPerPeerSecond(), 4),
              f(r.controlBytesPerPeerSecond(), 2),
              f(r.verificationMsgsPerWorkflow(), 3),
              f(r.verificationLatencyMsPerWorkflow(), 2),
              f(r.workflowLatencyP50Ms(), 2),
              Long.toString(r.events()),
              String.format("%016x", r.traceHash())));
      sb.append(extra(p)).append('\n');
    }
    return sb.toString();
  }

  /** summary.csv: mean and 95% CI per point × policy. */
  public String summaryCsv() {
    StringBuilder sb =
        new StringBuilder(
            "scenario,policy,peers,sybil_fraction,ttl_s,drift_mean_s,canary_evasion,adversary,seeds,"
                + "success_rate_mean,success_rate_ci95,discovery_p50_ms_mean,discovery_p50_ms_ci95,"
                + "discovery_p95_ms_mean,discovery_p95_ms_ci95,discovery_p99_ms_mean,"
                + "discovery_p99_ms_ci95,control_msgs_per_peer_s_mean,control_msgs_per_peer_s_ci95,"
                + "control_bytes_per_peer_s_mean,control_bytes_per_peer_s_ci95,"
                + "verification_msgs_per_workflow_mean,verification_ms_per_workflow_mean,"
                + "workflow_p50_ms_mean"
                + extraHeader()
                + "\n");
    for (Row r : rows) {
      Point p = r.point();
      sb.append(
          String.join(
              ",",
              csv(p.scenario()),
              r.policy().label(),
              Integer.toString(p.peers()),
              num(p.sybilFraction()),
              Long.toString(p.ttlSeconds()),
              num(p.driftMeanSeconds()),
              num(p.canaryEvasion()),
              p.adversary(),
              Integer.toString(r.success().n()),
              f(r.success().mean(), 4),
              f(r.success().ci95(), 4),
              f(r.discoveryP50().mean(), 3),
              f(r.discoveryP50().ci95(), 3),
              f(r.discoveryP95().mean(), 3),
              f(r.discoveryP95().ci95(), 3),
              f(r.discoveryP99().mean(), 3),
              f(r.discoveryP99().ci95(), 3),
              f(r.controlMsgs().mean(), 4),
              f(r.controlMsgs().ci95(), 4),
              f(r.controlBytes().mean(), 2),
              f(r.controlBytes().ci95(), 2),
              f(r.verificationMsgs().mean(), 3),
              f(r.verificationMs().mean(), 2),
              f(r.workflowP50().mean(), 2)));
      sb.append(extra(p)).append('\n');
    }
    return sb.toString();
  }

  /** Swept coordinates the fixed columns lack, appended as columns only when swept. */
  private static final List<String> EXTRA =
      List.of(
          "discovery",
          "registry_ranking",
          "registry_explore",
          "defences",
          "explore",
          "explore_max_risk",
          "whitewash_after",
          "attempts",
          "sybil_deadline_s",
          "identity_cost_s",
          "adversary_cores",
          "adversary_stockpile",
          "newcomer_at_s",
          "newcomers",
          "newcomer_every_s",
          "registry_cores",
          "registry_register_ms");

  private List<String> extraKeys() {
    return swept.stream().filter(EXTRA::contains).toList();
  }

  /**
   * The swept coordinates {@code p} has beyond the console's fixed ones (N, fraction, TTL, drift,
   * adversary), each as " key=value", so that rows of a sweep can be told apart.
   */
  public String extraLabel(Point p) {
    StringBuilder sb = new StringBuilder();
    for (String k : extraKeys()) {
      Object v = p.coordinates().get(k);
      sb.append(' ').append(k).append('=').append(v instanceof Double d ? num(d) : v);
    }
    return sb.toString();
  }

  private String extraHeader() {
    StringBuilder sb = new StringBuilder();
    extraKeys().forEach(k -> sb.append(',').append(k));
    return sb.toString();
  }

  private String extra(Point p) {
    StringBuilder sb = new StringBuilder();
    for (String k : extraKeys()) {
      Object v = p.coordinates().get(k);
      sb.append(',').append(v instanceof Double d ? num(d) : csv(String.valueOf(v)));
    }
    return sb.toString();
  }

  private String perfCsv() {
    StringBuilder sb =
        new StringBuilder(
            "scenario,policy,peers,sybil_fraction,ttl_s,seed,events,wall_ms,events_per_s\n");
    for (RunResult r : results) {
      Point p = r.point();
      sb.append(
          String.join(
              ",",
              csv(p.scenario()),
              r.policy().label(),
              Integer.toString(p.peers()),
              num(p.sybilFraction()),
              Long.toString(p.ttlSeconds()),
              Long.toString(r.seed()),
              Long.toString(r.events()),
              Long.toString(r.wallMillis()),
              f(r.eventsPerSecond(), 0)));
      sb.append('\n');
    }
    return sb.toString();
  }

  // ---- figures -----------------------------------------------------------------------------

  List<double[]> averaged(String x, ToDoubleFunction<Row> y) {
    Map<Double, double[]> acc = new LinkedHashMap<>();
    for (Row r : rows) {
      double[] a = acc.computeIfAbsent(coordinate(r.point(), x), k -> new double[2]);
      a[0] += y.applyAsDouble(r);
      a[1]++;
    }
    List<double[]> out = new ArrayList<>();
    acc.forEach((k, a) -> out.add(new double[] {k, a[0] / a[1]}));
    return out;
  }

  String others(Point p, String x) {
    StringBuilder sb = new StringBuilder();
    for (String k : swept) {
      if (!k.equals(x)) {
        sb.append(' ').append(k).append('=').append(p.coordinates().get(k));
      }
    }
    return sb.toString();
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** {@code results} grouped by point and policy, in the order each pair first appears. */
  static Collection<List<RunResult>> byPointAndPolicy(List<RunResult> results) {
    Map<String, List<RunResult>> groups = new LinkedHashMap<>();
    for (RunResult r : results) {
      groups.computeIfAbsent(r.point() + "|" + r.policy(), k -> new ArrayList<>()).add(r);
    }
    return groups.values();
  }

  private static List<Row> summarise(List<RunResult> results) {
    Collection<List<RunResult>> groups = Report.byPointAndPolicy(results);
    List<Row> out = new ArrayList<>();
    for (List<RunResult> g : groups) {
      out.add(
          new Row(
              g.get(0).point(),
              g.get(0).policy(),
              stats(g, RunResult::successRate),
              stats(g, RunResult::discoveryP50Ms),
              stats(g, RunResult::discoveryP95Ms),
              stats(g, RunResult::discoveryP99Ms),
              stats(g, RunResult::controlMsgsPerPeerSecond),
              stats(g, RunResult::controlBytesPerPeerSecond),
              stats(g, RunResult::verificationMsgsPerWorkflow),
              stats(g, RunResult::verificationLatencyMsPerWorkflow),
              stats(g, RunResult::workflowLatencyP50Ms),
              stats(g, RunResult::taskBytesPerWorkflow),
              stats(g, RunResult::verificationBytesPerWorkflow)));
    }
    return out;
  }

  private static Stats stats(List<RunResult> g, ToDoubleFunction<RunResult> f) {
    List<Double> v = new ArrayList<>(g.size());
    for (RunResult r : g) {
      v.add(f.applyAsDouble(r));
    }
    return Stats.of(v);
  }

  /** Coordinates that take more than one value across the points, in a fixed order. */
  static List<String> swept(List<Point> points) {
    List<String> out = new ArrayList<>();
    for (String k : points.get(0).coordinates().keySet()) {
      Set<Object> values = new LinkedHashSet<>();
      for (Point p : points) {
        values.add(p.coordinates().get(k));
      }
      if (values.size() > 1) {
        out.add(k);
      }
    }
    return out;
  }

  static double coordinate(Point p, String k) {
    Object v = p.coordinates().get(k);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  String pointLabel(Point p) {
    if (swept.isEmpty()) {
      return "N=" + p.peers();
    }
    StringBuilder sb = new StringBuilder();
    for (String k : swept) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(k).append('=').append(p.coordinates().get(k));
    }
    return sb.toString();
  }

  static String pm(Stats s, int decimals) {
    return f(s.mean(), decimals) + " ± " + f(s.ci95(), decimals);
  }

  static String f(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
