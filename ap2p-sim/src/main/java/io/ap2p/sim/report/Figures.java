package io.ap2p.sim.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The report's figures: which charts a scenario's sweep calls for, and their series. */
final class Figures {

  private final Report report;

  /** The figures of {@code report}. */
  Figures(Report report) {
    this.report = report;
  }

  /** Draws the figures into {@code dir}; returns the files written. */
  List<Path> write(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    String name = report.scenario().name();
    List<String> swept = report.swept();
    if (swept.isEmpty() || swept.get(0).equals("adversary")) {
      String cat = swept.isEmpty() ? "policy" : "adversary";
      Map<String, Map<String, Double>> success = new LinkedHashMap<>();
      Map<String, Map<String, Double>> verification = new LinkedHashMap<>();
      for (Report.Row r : report.rows()) {
        String c = swept.isEmpty() ? r.policy().label() : r.point().adversary();
        success
            .computeIfAbsent(r.policy().label(), k -> new LinkedHashMap<>())
            .put(c, r.success().mean());
        verification
            .computeIfAbsent(r.policy().label(), k -> new LinkedHashMap<>())
            .put(c, r.verificationMsgs().mean());
      }
      Path s = dir.resolve("success.png");
      Plots.bars(s, name + ": workflow success rate", cat, "success rate", success);
      out.add(s);
      Path v = dir.resolve("verification.png");
      Plots.bars(
          v,
          name + ": verification messages per workflow",
          cat,
          "messages / workflow",
          verification);
      out.add(v);
      return out;
    }
    String x = swept.get(0);
    String xLabel = label(x);
    Path s = dir.resolve("success.png");
    Plots.lines(
        s,
        name + ": workflow success rate vs " + xLabel,
        xLabel,
        "success rate",
        byPolicy(x, r -> r.success().mean()));
    out.add(s);
    Map<String, List<double[]>> lat = new LinkedHashMap<>();
    lat.put("p50", report.averaged(x, r -> r.discoveryP50().mean()));
    lat.put("p95", report.averaged(x, r -> r.discoveryP95().mean()));
    lat.put("p99", report.averaged(x, r -> r.discoveryP99().mean()));
    Path d = dir.resolve("discovery-latency.png");
    Plots.lines(d, name + ": discovery latency vs " + xLabel, xLabel, "latency (ms)", lat);
    out.add(d);
    Path o = dir.resolve("control-overhead.png");
    Plots.lines(
        o,
        name + ": control-plane bytes per peer per second vs " + xLabel,
        xLabel,
        "bytes / peer / s",
        byPolicy(x, r -> r.controlBytes().mean()));
    out.add(o);
    Path v = dir.resolve("verification.png");
    Plots.lines(
        v,
        name + ": verification messages per workflow vs " + xLabel,
        xLabel,
        "messages / workflow",
        byPolicy(x, r -> r.verificationMsgs().mean()));
    out.add(v);
    return out;
  }

  private Map<String, List<double[]>> byPolicy(String x, ToDoubleFunction<Report.Row> y) {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    for (Report.Row r : report.rows()) {
      String series = r.policy().label() + report.others(r.point(), x);
      out.computeIfAbsent(series, k -> new ArrayList<>())
          .add(new double[] {Report.coordinate(r.point(), x), y.applyAsDouble(r)});
    }
    return out;
  }

  private static String label(String coordinate) {
    return switch (coordinate) {
      case "peers" -> "peers";
      case "sybil_fraction" -> "Sybil fraction";
      case "ttl_s" -> "descriptor TTL (s)";
      case "drift_mean_s" -> "mean drift holding time (s)";
      case "canary_evasion" -> "canary evasion probability";
      default -> coordinate;
    };
  }
}
