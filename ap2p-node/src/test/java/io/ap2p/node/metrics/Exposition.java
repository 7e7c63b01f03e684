package io.ap2p.node.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format (0.0.4) and of OpenMetrics 1.0 text, for tests: it
 * fails on anything it does not expect (a sample before its family's TYPE, a name of another
 * family, a bad name, label or value, a duplicate series, HELP or TYPE given twice, histogram
 * buckets that are not cumulative or whose +Inf bucket is not the count, OpenMetrics without its
 * final {@code # EOF}, text after it) and keeps every sample by its series.
 */
final class Exposition {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final List<String> TYPES =
      List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info");

  /** Family name to type. */
  final Map<String, String> types = new LinkedHashMap<>();

  /** Family name to help. */
  final Map<String, String> help = new HashMap<>();

  /** Series ({@code name{a="x",b="y"}}, labels sorted) to value. */
  final Map<String, Double> samples = new LinkedHashMap<>();

  /** Histogram bucket series without {@code le}, to their buckets by bound. */
  private final Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();

  private Exposition() {}

  /** Parses {@code text}; {@code openMetrics} for OpenMetrics 1.0 rules. */
  static Exposition parse(String text, boolean openMetrics) {
    Exposition e = new Exposition();
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    String family = null;
    boolean eof = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + ": " + line;
      if (eof) {
        throw new IllegalArgumentException("text after # EOF: " + where);
      }
      if (line.equals("# EOF")) {
        if (!openMetrics) {
          throw new IllegalArgumentException("# EOF in the Prometheus format: " + where);
        }
        eof = true;
      } else if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ", 2);
        name(p[0], where);
        if (p.length < 2) {
          throw new IllegalArgumentException("no text: " + where);
        }
        if (line.startsWith("# TYPE ")) {
          if (!TYPES.contains(p[1]) || e.types.put(p[0], p[1]) != null) {
            throw new IllegalArgumentException("bad or repeated TYPE: " + where);
          }
          family = p[0];
        } else if (e.help.put(p[0], p[1]) != null) {
          throw new IllegalArgumentException("repeated HELP: " + where);
        }
      } else if (line.startsWith("# UNIT ") && openMetrics) {
        name(line.substring(7).split(" ", 2)[0], where);
      } else if (line.startsWith("#") || line.isBlank()) {
        throw new IllegalArgumentException("unexpected line: " + where);
      } else {
        e.sample(line, family, openMetrics, where);
      }
    }
    if (openMetrics && !eof) {
      throw new IllegalArgumentException("OpenMetrics text without # EOF");
    }
    e.checkHistograms();
    return e;
  }

  private static void name(String n, String where) {
    if (!NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("bad metric name: " + where);
    }
  }

  private void sample(String line, String family, boolean openMetrics, String where) {
    Matcher m =
        Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( \\S+)?").matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad sample: " + where);
    }
    String name = m.group(1);
    if (family == null || !belongs(name, family, types.get(family), openMetrics)) {
      throw new IllegalArgumentException("sample outside its family " + family + ": " + where);
    }
    Map<String, String> labels = m.group(3) == null ? Map.of() : labels(m.group(3), where);
    double v = value(m.group(4), where);
    if (samples.put(key(name, labels), v) != null) {
      throw new IllegalArgumentException("duplicate series: " + where);
    }
    if (types.get(family).equals("histogram") && name.endsWith("_bucket")) {
      Map<String, String> rest = new TreeMap<>(labels);
      String le = rest.remove("le");
      if (le == null) {
        throw new IllegalArgumentException("bucket without le: " + where);
      }
      buckets.computeIfAbsent(key(name, rest), k -> new TreeMap<>()).put(value(le, where), v);
    }
  }

  /** {@code name{a="x",b="y"}}, labels sorted (values unescaped). */
  static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder key = new StringBuilder(name).append('{');
    new TreeMap<>(labels).forEach((k, x) -> key.append(k).append("=\"").append(x).append("\","));
    key.setCharAt(key.length() - 1, '}');
    return key.toString();
  }

  private static boolean belongs(String name, String family, String type, boolean openMetrics) {
    List<String> suffixes =
        switch (type) {
          case "counter" -> openMetrics ? List.of("_total", "_created") : List.of("", "_created");
          case "histogram" -> List.of("_bucket", "_count", "_sum", "_created");
          case "summary" -> List.of("", "_count", "_sum", "_created");
          case "info" -> List.of("_info");
          default -> List.of("");
        };
    return suffixes.stream().anyMatch(s -> name.equals(family + s));
  }

  private static Map<String, String> labels(String s, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf("=\"", i);
      if (eq < 0 || !LABEL.matcher(s.substring(i, eq)).matches()) {
        throw new IllegalArgumentException("bad label: " + where);
      }
      String label = s.substring(i, eq);
      StringBuilder v = new StringBuilder();
      int j = eq + 2;
      for (; j < s.length() && s.charAt(j) != '"'; j++) {
        char c = s.charAt(j);
        if (c == '\\') {
          char n = s.charAt(++j);
          switch (n) {
            case '\\', '"' -> v.append(n);
            case 'n' -> v.append('\n');
            default -> throw new IllegalArgumentException("bad escape: " + where);
          }
        } else {
          v.append(c);
        }
      }
      if (j >= s.length() || out.put(label, v.toString()) != null) {
        throw new IllegalArgumentException("unterminated or repeated label: " + where);
      }
      i = j + 1;
      if (i < s.length()) {
        if (s.charAt(i) != ',') {
          throw new IllegalArgumentException("no comma between labels: " + where);
        }
        i++;
      }
    }
    return out;
  }

  private static double value(String s, String where) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad value: " + where);
        }
      }
    };
  }

  /** Every histogram series: buckets non-decreasing in le, the +Inf bucket equal to the count. */
  private void checkHistograms() {
    buckets.forEach(
        (series, b) -> {
          double last = 0;
          for (double c : b.values()) {
            if (c < last) {
              throw new IllegalArgumentException(series + ": buckets decrease");
            }
            last = c;
          }
          Double count = samples.get(series.replaceFirst("_bucket", "_count"));
          if (!b.containsKey(Double.POSITIVE_INFINITY) || count == null || count != last) {
            throw new IllegalArgumentException(series + ": +Inf bucket is not the count");
          }
        });
  }

  /** The value of {@code series} (as {@code name{a="x"}}, labels sorted), or null. */
  Double get(String series) {
    return samples.get(series);
  }
}
