package io.ap2p.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785): object members sorted by the UTF-16 code units of
 * their names, no insignificant white space, strings escaped minimally (RFC 8785 §3.2.2.2) and
 * numbers printed as ECMAScript does (§3.2.2.3). Signatures are computed over these bytes.
 */
public final class Jcs {

  private Jcs() {}

  /**
   * The canonical UTF-8 bytes of {@code node}.
   *
   * @throws IllegalArgumentException if the tree holds a value JSON cannot carry (a non-finite
   *     number, binary data)
   */
  public static Bytes canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return Bytes.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The canonical text of {@code node}. */
  public static String canonicalText(JsonNode node) {
    StringBuilder sb = new StringBuilder(256);
    write(node, sb);
    return sb.toString();
  }

  private static void write(JsonNode node, StringBuilder sb) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
        node.properties().forEach(members::add);
        // String.compareTo orders by UTF-16 code units, exactly as RFC 8785 §3.2.3 asks.
        members.sort(Map.Entry.comparingByKey());
        sb.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          writeString(members.get(i).getKey(), sb);
          sb.append(':');
          write(members.get(i).getValue(), sb);
        }
        sb.append('}');
      }
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(node.get(i), sb);
        }
        sb.append(']');
      }
      case STRING -> writeString(node.textValue(), sb);
      case NUMBER -> sb.append(formatNumber(node.doubleValue()));
      case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
      case NULL -> sb.append("null");
      default ->
          throw new IllegalArgumentException("JSON cannot carry a " + node.getNodeType() + " node");
    }
  }

  private static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Formats a double as ECMAScript's Number.prototype.toString does (ECMA-262 §7.1.12.1), which RFC
   * 8785 requires. Relies on {@link Double#toString} giving the shortest round-tripping digits,
   * true since JDK 19.
   */
  public static String formatNumber(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON numbers must be finite: " + d);
    }
    if (d == 0) {
      return "0"; // also -0
    }
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      // integers below 2^53 (seq, sizes, TTLs): the exact value is the shortest form
      return Long.toString((long) d);
    }
    // value = 0.digits × 10^n, digits as short as round-tripping allows
    Decimal shortest = shortestDigits(Math.abs(d));
    if (shortest == null) {
      BigDecimal twoDigits = shortestDecimal(Math.abs(d));
      String unscaled = twoDigits.unscaledValue().toString();
      shortest = new Decimal(unscaled, unscaled.length() - twoDigits.scale());
    }
    String digits = shortest.digits();
    int n = shortest.exponent();
    int k = digits.length();
    StringBuilder sb = new StringBuilder(32);
    if (d < 0) {
      sb.append('-');
    }
    if (k <= n && n <= 21) {
      sb.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }

  /**
   * The digits (without leading or trailing zeros) of {@link Double#toString}'s text for {@code x >
   * 0}, read from the text instead of through BigDecimal; null when two digits were printed where
   * one would do, which {@link #shortestDecimal} settles.
   */
  private static Decimal shortestDigits(double x) {
    String s = Double.toString(x);
    int e = s.indexOf('E');
    int end = e < 0 ? s.length() : e;
    int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    int dot = s.indexOf('.');
    StringBuilder digits = new StringBuilder(end);
    digits.append(s, 0, dot).append(s, dot + 1, end);
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
    }
    int last = digits.length();
    while (last > lead + 1 && digits.charAt(last - 1) == '0') {
      last--;
    }
    Decimal found = new Decimal(digits.substring(lead, last), dot + exp - lead);
    if (found.digits().length() == 2) {
      // a one-digit neighbour may round-trip too (4.9E-324 for 5e-324): rare, left to BigDecimal
      int first = found.digits().charAt(0) - '0';
      int e10 = found.exponent() - 1; // 0.dd × 10^n = d.d × 10^(n-1)
      if (Double.parseDouble(first + "E" + e10) == x
          || Double.parseDouble((first + 1) + "E" + e10) == x) {
        return null;
      }
    }
    return found;
  }

  /** The value 0.{@code digits} × 10^{@code exponent}. */
  private record Decimal(String digits, int exponent) {}

  /**
   * The shortest decimal that rounds to {@code x > 0}, closest to it on ties. {@link
   * Double#toString} gives that except where one digit would do: it then prints two (4.9E-324,
   * where ECMAScript prints 5e-324), so one-digit neighbours are tried too.
   */
  private static BigDecimal shortestDecimal(double x) {
    BigDecimal twoOrMore = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    if (twoOrMore.precision() != 2) {
      return twoOrMore;
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal best = null;
    for (java.math.RoundingMode mode :
        new java.math.RoundingMode[] {
          java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING
        }) {
      BigDecimal candidate =
          twoOrMore.round(new java.math.MathContext(1, mode)).stripTrailingZeros();
      if (candidate.signum() > 0
          && Double.parseDouble(candidate.toString()) == x
          && (best == null
              || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
        best = candidate;
      }
    }
    return best != null ? best : twoOrMore;
  }
}
