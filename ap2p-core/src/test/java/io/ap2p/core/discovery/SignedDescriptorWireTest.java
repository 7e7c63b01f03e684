package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SignedDescriptorWireTest {

  @Test
  void theSplicedWireFormIsTheCanonicalTreeWithTheSignature() {
    SignedDescriptor sd = Fixtures.signed(Fixtures.key(1), "img", 7, Fixtures.T0, 60);
    assertThat(sd.toJsonBytes()).isEqualTo(Jcs.canonicalize(sd.toTree()));
  }

  @Test
  void insertionPointsOfSmallObjects() {
    assertThat(at("{}")).isEqualTo(1);
    assertThat(at("{\"a\":1}")).isEqualTo(6);
    assertThat(at("{\"z\":1}")).isEqualTo(1);
    assertThat(at("{\"a\":{\"z\":[1,\"}\"]},\"t\":2}")).isEqualTo(19);
    assertThat(at("{\"sig\":1}")).isEqualTo(-1);
    assertThat(at("[1]")).isEqualTo(-1);
    assertThat(at("{\"a\":\"unterminated}")).isEqualTo(-1);
  }

  @Property(tries = 200)
  void splicingAgreesWithCanonicalizationForAnyMemberNames(
      @ForAll @AlphaChars @StringLength(min = 1, max = 6) String name,
      @ForAll @StringLength(max = 12) String value) {
    var tree = Json.MAPPER.createObjectNode();
    tree.put(name, value);
    tree.putObject("n").put("sig", "inner").putArray("x").add("]},\"");
    Bytes canonical = Jcs.canonicalize(tree);
    byte[] c = canonical.toByteArray();
    int at = SignedDescriptor.insertionPoint(c, "sig");
    if (name.equals("sig")) {
      assertThat(at).isEqualTo(-1);
      return;
    }
    tree.put("sig", "S");
    String expected = new String(Jcs.canonicalize(tree).toByteArray(), StandardCharsets.UTF_8);
    String before = new String(c, 0, at, StandardCharsets.UTF_8);
    String after = new String(c, at, c.length - at, StandardCharsets.UTF_8);
    String member = "\"sig\":\"S\"";
    String spliced =
        after.equals("}")
            ? before + (at > 1 ? "," : "") + member + "}"
            : before + member + "," + after;
    assertThat(spliced).isEqualTo(expected);
  }

  private static int at(String json) {
    return SignedDescriptor.insertionPoint(json.getBytes(StandardCharsets.UTF_8), "sig");
  }
}
