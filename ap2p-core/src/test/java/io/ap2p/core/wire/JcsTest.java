package io.ap2p.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 canonicalization against the RFC's own examples. */
class JcsTest {

  static JsonNode parse(String json) throws Exception {
    return Json.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rfc8785Section322Example() throws Exception {
    String input =
        "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
            + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + " \"literals\": [null, true, false]}";
    String expected =
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    assertThat(Jcs.canonicalText(parse(input))).isEqualTo(expected);
  }

  @Test
  void rfc8785Section323SortsByUtf16CodeUnits() throws Exception {
    String input =
        "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew\","
            + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji\", \"\\u0080\": \"Control\","
            + " \"\\u00f6\": \"o\"}";
    String out = Jcs.canonicalText(parse(input));
    assertThat(out)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"o\","
                + "\"€\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji\",\"\ufb33\":\"Hebrew\"}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // RFC 8785 Appendix B: IEEE 754 bits -> ECMAScript text
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void rfc8785AppendixBNumbers(String bits, String expected) {
    double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(Jcs.formatNumber(d)).isEqualTo(expected);
  }

  @Test
  void nonFiniteNumbersAreRefused() {
    assertThatThrownBy(() -> Jcs.formatNumber(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.formatNumber(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 2000)
  void everyFiniteDoubleRoundTripsThroughItsCanonicalText(@ForAll double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return;
    }
    double back = Double.parseDouble(Jcs.formatNumber(d));
    assertThat(back).isEqualTo(d == 0 ? 0.0 : d);
  }

  @Property(tries = 3000)
  void noShorterDecimalRoundTrips(@ForAll double d, @ForAll @IntRange(min = 0, max = 3) int cut) {
    // short decimals (0.97, 2.5e-7) take the two-digit branch; cut digits off to reach it often
    double x = Math.abs(cut == 0 ? d : Double.parseDouble(String.format("%." + cut + "e", d)));
    if (!Double.isFinite(x) || x == 0) {
      return;
    }
    BigDecimal printed = new BigDecimal(Jcs.formatNumber(x));
    int k = printed.stripTrailingZeros().precision();
    if (k == 1) {
      return;
    }
    for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
      BigDecimal shorter = printed.round(new MathContext(k - 1, mode));
      assertThat(Double.parseDouble(shorter.toString()))
          .as("%s vs %s", printed, shorter)
          .isNotEqualTo(x);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0.97, 0.97",
    "0.25, 0.25",
    "95, 95",
    "0.95, 0.95",
    "9.5e-5, 0.000095",
    "4.9e-324, 5e-324"
  })
  void twoDigitValuesPrintShortest(double d, String expected) {
    assertThat(Jcs.formatNumber(d)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void canonicalFormIsAFixedPoint(@ForAll String key, @ForAll String value, @ForAll int n)
      throws Exception {
    var node = Json.MAPPER.createObjectNode();
    node.put(key, value);
    node.put("n", n);
    node.putArray("a").add(value).add(n);
    String once = Jcs.canonicalText(node);
    String twice = Jcs.canonicalText(parse(once));
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void duplicateKeysAreRejectedByTheParser() {
    assertThatThrownBy(() -> parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageContaining("Duplicate");
  }

  @Test
  void deepNestingAndTrailingGarbageAreRejected() {
    assertThatThrownBy(() -> parse("[".repeat(100) + "]".repeat(100)))
        .isInstanceOf(JsonFormatException.class);
    assertThatThrownBy(() -> parse("{} {}")).isInstanceOf(JsonFormatException.class);
    assertThatThrownBy(() -> parse("")).isInstanceOf(JsonFormatException.class);
  }
}
