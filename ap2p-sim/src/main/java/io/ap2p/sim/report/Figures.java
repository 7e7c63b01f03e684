package io.ap2p.sim.report;

import io.ap2p.sim.scenario.Point;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The report's figures: which charts a scenario's sweep calls for, and their series.
 *
 * <p>The axes are the swept report coordinates, then any other key the sweep varies (found on the
 * points themselves, e.g. {@code availability}), so that no two values of a series ever share an x:
 * the x axis is the first axis with numeric values; every other axis names series. With no numeric
 * axis the figures are bar charts, one category per combination.
 */
final class Figures {

  /** One varying key: its name and each point's value. */
  record Axis(String name, Function<Point, Object> value) {
    boolean numeric(List<Point> points) {
      return points.stream().allMatch(p -> value.apply(p) instanceof Number);
    }
  }

  private final Report report;
  private final List<Axis> axes;

  /** The figures of {@code report}. */
  Figures(Report report) {
    this.report = report;
    this.axes = axes(report);
  }

  /** Draws the figures into {@code dir}; returns the files written. */
  List<Path> write(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    String name = report.scenario().name();
    List<Point> points = report.rows().stream().map(Report.Row::point).toList();
    Axis xAxis = axes.stream().filter(a -> a.numeric(points)).findFirst().orElse(null);
    if (xAxis == null) {
      String cat =
          axes.isEmpty() ? "policy" : String.join(", ", axes.stream().map(Axis::name).toList());
      Map<String, Map<String, Double>> success = new LinkedHashMap<>();
      Map<String, Map<String, Double>> verification = new LinkedHashMap<>();
      for (Report.Row r : report.rows()) {
        String c = axes.isEmpty() ? r.policy().label() : category(r.point());
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
    String xLabel = label(xAxis.name());
    Path s = dir.resolve("success.png");
    Plots.lines(
        s,
        name + ": workflow success rate vs " + xLabel,
        xLabel,
        "success rate",
        byPolicy(xAxis, r -> r.success().mean()));
    out.add(s);
    Map<String, List<double[]>> lat = new LinkedHashMap<>();
    lat.put("p50", averaged(xAxis, r -> r.discoveryP50().mean()));
    lat.put("p95", averaged(xAxis, r -> r.discoveryP95().mean()));
    lat.put("p99", averaged(xAxis, r -> r.discoveryP99().mean()));
    Path d = dir.resolve("discovery-latency.png");
    Plots.lines(d, name + ": discovery latency vs " + xLabel, xLabel, "latency (ms)", lat);
    out.add(d);
    Path o = dir.resolve("control-overhead.png");
    Plots.lines(
        o,
        name + ": control-plane bytes per peer per second vs " + xLabel,
        xLabel,
        "bytes / peer / s",
        byPolicy(xAxis, r -> r.controlBytes().mean()));
    out.add(o);
    Path v = dir.resolve("verification.png");
    Plots.lines(
        v,
        name + ": verification messages per workflow vs " + xLabel,
        xLabel,
        "messages / workflow",
        byPolicy(xAxis, r -> r.verificationMsgs().mean()));
    out.add(v);
    return out;
  }

  /** A bar's category: the value of the only axis, or {@code k=v} for each. */
  private String category(Point p) {
    if (axes.size() == 1) {
      return String.valueOf(axes.get(0).value().apply(p));
    }
    StringBuilder sb = new StringBuilder();
    for (Axis a : axes) {
      sb.append(sb.isEmpty() ? "" : " ").append(a.name()).append('=').append(a.value().apply(p));
    }
    return sb.toString();
  }

  private Map<String, List<double[]>> byPolicy(Axis x, ToDoubleFunction<Report.Row> y) {
    Map<String, List<double[]>> out = new LinkedHashMap<>();
    for (Report.Row r : report.rows()) {
      String series = r.policy().label() + others(r.point(), x);
      out.computeIfAbsent(series, k -> new ArrayList<>())
          .add(new double[] {x(r.point(), x), y.applyAsDouble(r)});
    }
    return out;
  }

  /** {@code y} averaged over every row at each x. */
  private List<double[]> averaged(Axis x, ToDoubleFunction<Report.Row> y) {
    Map<Double, double[]> acc = new LinkedHashMap<>();
    for (Report.Row r : report.rows()) {
      double[] a = acc.computeIfAbsent(x(r.point(), x), k -> new double[2]);
      a[0] += y.applyAsDouble(r);
      a[1]++;
    }
    List<double[]> out = new ArrayList<>();
    acc.forEach((k, a) -> out.add(new double[] {k, a[0] / a[1]}));
    return out;
  }

  private String others(Point p, Axis x) {
    StringBuilder sb = new StringBuilder();
    for (Axis a : axes) {
      if (a != x) {
        sb.append(' ').append(a.name()).append('=').append(a.value().apply(p));
      }
    }
    return sb.toString();
  }

  private static double x(Point p, Axis x) {
    return ((Number) x.value().apply(p)).doubleValue();
  }

  /**
   * The report's swept coordinates, then every key of the points (nested records flattened) that
   * takes more than one value among points with the same coordinates: a key the report does not
   * show, which would otherwise put two values of one series at the same x.
   */
  static List<Axis> axes(Report report) {
    List<Axis> out = new ArrayList<>();
    for (String k : report.swept()) {
      out.add(new Axis(k, p -> p.coordinates().get(k)));
    }
    List<Point> points = report.rows().stream().map(Report.Row::point).distinct().toList();
    if (points.isEmpty()) {
      return out;
    }
    for (Axis a : keys(Point.class, p -> p)) {
      Map<Map<String, Object>, Set<Object>> byCoordinates = new HashMap<>();
      boolean varies = false;
      for (Point p : points) {
        Set<Object> values = byCoordinates.computeIfAbsent(p.coordinates(), c -> new HashSet<>());
        values.add(a.value().apply(p));
        varies |= values.size() > 1;
      }
      if (varies) {
        out.add(a);
      }
    }
    return out;
  }

  /** The scalar components of record {@code type}, nested records flattened. */
  private static List<Axis> keys(Class<?> type, Function<Point, Object> of) {
    List<Axis> out = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      Function<Point, Object> value =
          p -> {
            try {
              return c.getAccessor().invoke(of.apply(p));
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
          };
      if (c.getType().isRecord()) {
        out.addAll(keys(c.getType(), value));
      } else {
        out.add(new Axis(c.getName(), value));
      }
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
