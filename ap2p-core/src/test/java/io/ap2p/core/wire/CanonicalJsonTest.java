package io.ap2p.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass reader of canonical JSON agrees with the parser and RFC 8785, or declines. */
class CanonicalJsonTest {

  static final JsonNodeFactory F = JsonNodeFactory.instance;

  static Optional<CanonicalDocument> read(String text) {
    return CanonicalJson.read(text.getBytes(StandardCharsets.UTF_8), Json.MAX_DEPTH);
  }

  /** A random JSON tree: every value kind, escapes, non-ASCII text and awkward numbers. */
  static JsonNode randomTree(SplittableRandom r, int depth) {
    int kind = depth >= 4 ? 2 + r.nextInt(5) : r.nextInt(7);
    switch (kind) {
      case 0 -> {
        ObjectNode o = F.objectNode();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          o.set(randomString(r), randomTree(r, depth + 1));
        }
        return o;
      }
      case 1 -> {
        ArrayNode a = F.arrayNode();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          a.add(randomTree(r, depth + 1));
        }
        return a;
      }
      case 2 -> {
        return F.textNode(randomString(r));
      }
      case 3 -> {
        return switch (r.nextInt(4)) {
          case 0 -> F.numberNode(r.nextInt(-1000, 1000));
          case 1 -> F.numberNode(r.nextLong());
          case 2 -> F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
          default -> {
            double d = Double.longBitsToDouble(r.nextLong());
            yield F.numberNode(Double.isFinite(d) ? d : 0.0);
          }
        };
      }
      case 4 -> {
        return F.booleanNode(r.nextBoolean());
      }
      case 5 -> {
        return F.nullNode();
      }
      default -> {
        return F.numberNode(r.nextInt(0, 3) - 1 + r.nextInt(0, 2) * 0.5);
      }
    }
  }

  static String randomString(SplittableRandom r) {
    String alphabet = "abcXYZ09 \"\\/\b\f\n\r\t\u0001\u001f\u007f\u0080é€\ud83d\ude00\ufb33";
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static void assertSameAsParser(byte[] bytes, CanonicalDocument doc) throws Exception {
    JsonNode parsed = Json.parse(bytes);
    assertThat(doc.root()).isEqualTo(parsed);
    // node types agree too (Jackson's equals compares them)
    assertThat(Jcs.canonicalize(parsed).toByteArray()).isEqualTo(bytes);
  }

  @Property(tries = 1000)
  void readsEveryCanonicalDocumentAsTheParserDoes(@ForAll long seed) throws Exception {
    JsonNode tree = randomTree(new SplittableRandom(seed), 0);
    byte[] bytes = Jcs.canonicalize(tree).toByteArray();
    Optional<CanonicalDocument> doc = CanonicalJson.read(bytes, Json.MAX_DEPTH);
    assertThat(doc).as(new String(bytes, StandardCharsets.UTF_8)).isPresent();
    assertSameAsParser(bytes, doc.get());
    if (tree.isContainerNode()) {
      assertThat(doc.get().textOf(doc.get().root()).orElseThrow().canonical())
          .isEqualTo(Jcs.canonicalText(tree));
    }
    for (JsonNode child : doc.get().root()) {
      if (child.isContainerNode()) {
        assertThat(doc.get().textOf(child).orElseThrow().canonical())
            .isEqualTo(Jcs.canonicalText(child));
      }
    }
  }

  @Property(tries = 3000)
  void neverAcceptsWhatIsNotCanonical(@ForAll long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] bytes = Jcs.canonicalize(randomTree(r, 0)).toByteArray();
    byte[] mutated = mutate(bytes, r);
    Optional<CanonicalDocument> doc = CanonicalJson.read(mutated, Json.MAX_DEPTH);
    if (doc.isPresent()) {
      // accepted only if the mutation happens to be canonical JSON, read as the parser reads it
      assertSameAsParser(mutated, doc.get());
    }
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    List<Byte> b = new ArrayList<>();
    for (byte x : in) {
      b.add(x);
    }
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.isEmpty() ? 0 : r.nextInt(b.size());
      byte[] pool =
          " \t\n,:{}[]\"\\0123456789-+.eEtrufalsn/u\u00c0\u00ed\u00a0"
              .getBytes(StandardCharsets.ISO_8859_1);
      switch (r.nextInt(4)) {
        case 0 -> b.add(at, pool[r.nextInt(pool.length)]);
        case 1 -> {
          if (!b.isEmpty()) {
            b.remove(at);
          }
        }
        case 2 -> {
          if (!b.isEmpty()) {
            b.set(at, (byte) r.nextInt(256));
          }
        }
        default -> {
          while (b.size() > at) {
            b.remove(b.size() - 1); // truncate
          }
        }
      }
    }
    byte[] out = new byte[b.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get(i);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1}", // white space
        " {}",
        "{}\n",
        "{\"b\":1,\"a\":2}", // unsorted
        "{\"a\":1,\"a\":2}", // repeated
        "{\"a\":\"\\/\"}", // an escape RFC 8785 does not write
        "{\"a\":\"\\u0041\"}",
        "{\"a\":\"\\u001F\"}", // upper-case hex
        "{\"a\":\"\\u000a\"}", // has a short form
        "{\"a\":1.0}", // ECMAScript prints 1
        "{\"a\":1E5}",
        "{\"a\":100000e0}",
        "{\"a\":-0}",
        "{\"a\":01}",
        "{\"a\":0.10}",
        "{\"a\":9007199254740993}", // not a double: would not print back the same
        "{\"a\":1e400}",
        "{\"a\":tru}",
        "{\"a\":[1,]}",
        "{\"a\":1,}",
        "{\"a\"",
        "{\"a\":\"unterminated",
        "",
        "{}{}",
      })
  void declines(String text) {
    assertThat(read(text)).isEmpty();
  }

  @Test
  void declinesRawControlCharactersAndBadUtf8() {
    byte[] control = {'"', 'a', 0x01, '"'};
    byte[] overlong = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
    byte[] surrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
    byte[] truncated = {'"', (byte) 0xe2, (byte) 0x82, '"'};
    for (byte[] b : List.of(control, overlong, surrogate, truncated)) {
      assertThat(CanonicalJson.read(b, Json.MAX_DEPTH)).as(Arrays.toString(b)).isEmpty();
    }
    byte[] euro = "\"€\"".getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.read(euro, Json.MAX_DEPTH).orElseThrow().root().textValue())
        .isEqualTo("€");
  }

  @Test
  void leavesLongMemberNamesToTheParser() {
    assertThat(read("{\"" + "a".repeat(1024) + "\":1}")).isPresent();
    assertThat(read("{\"" + "a".repeat(1025) + "\":1}")).isEmpty();
    assertThat(read("{\"" + "é".repeat(600) + "\":1}")).isEmpty(); // 1,200 bytes
  }

  @Test
  void declinesNestingDeeperThanTheLimit() {
    String ok = "[".repeat(32) + "]".repeat(32);
    String deep = "[".repeat(33) + "]".repeat(33);
    assertThat(read(ok)).isPresent();
    assertThat(read(deep)).isEmpty();
    assertThat(read("[".repeat(100_000))).isEmpty();
  }

  @Test
  void readsTheIntegerNodeTypesTheParserGives() throws Exception {
    for (String n :
        List.of("0", "-1", "2147483647", "2147483648", "-9007199254740992", "1e+21", "0.5")) {
      byte[] bytes = n.getBytes(StandardCharsets.US_ASCII);
      JsonNode ours = CanonicalJson.read(bytes, Json.MAX_DEPTH).orElseThrow().root();
      assertThat(ours.getClass()).as(n).isEqualTo(Json.parse(bytes).getClass());
    }
  }

  @Test
  void withoutMemberGivesTheCanonicalBytesOfTheRest() throws Exception {
    for (String text :
        List.of(
            "{\"a\":1,\"b\":{\"c\":[2]},\"sig\":\"x\",\"z\":null}",
            "{\"sig\":\"x\",\"z\":1}",
            "{\"a\":1,\"sig\":\"x\"}",
            "{\"sig\":{\"sig\":1}}",
            "{\"a\":1}")) {
      CanonicalDocument doc = read(text).orElseThrow();
      ObjectNode expected = (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
      expected.remove("sig");
      assertThat(doc.withoutMember("sig").toUtf8()).as(text).isEqualTo(Jcs.canonicalText(expected));
    }
  }

  @Test
  void textOfANodeFromElsewhereIsEmpty() {
    CanonicalDocument doc = read("{\"a\":{}}").orElseThrow();
    assertThat(doc.textOf(F.objectNode())).isEmpty();
    assertThat(doc.textOf(doc.root().get("a")).orElseThrow().canonical()).isEqualTo("{}");
  }
}
