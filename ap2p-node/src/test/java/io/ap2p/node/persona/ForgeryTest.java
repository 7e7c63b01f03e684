package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Forged inputs: another input of the same kind, never the same one. */
class ForgeryTest {

  private static Bytes text(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(Bytes b) {
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void aPromptIsNegatedAndOtherMembersKept() {
    assertThat(string(Forgery.input(text("{\"width\":512,\"prompt\":\"a fox\"}"))))
        .isEqualTo("{\"width\":512,\"prompt\":\"not a fox\"}");
    assertThat(string(Forgery.input(text("{\"n\":1,\"title\":\"x\"}"))))
        .isEqualTo("{\"n\":1,\"title\":\"not x\"}");
  }

  @Test
  void textJsonWithoutTextBinaryAndEmptyInputs() {
    assertThat(string(Forgery.input(text("hello")))).isEqualTo("not hello");
    assertThat(string(Forgery.input(text("{\"n\":1}")))).isEqualTo("not {\"n\":1}");
    assertThat(string(Forgery.input(text("{broken")))).isEqualTo("not {broken");
    Bytes png = Bytes.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 7});
    assertThat(Forgery.input(png).toByteArray()).containsExactly((byte) 0x89, 'P', 'N', 'G', 0, 6);
    assertThat(Forgery.input(Bytes.wrap(new byte[0])).length()).isEqualTo(1);
  }

  @Property(tries = 300)
  void neverTheSameInputAndAlwaysTheSameForgery(@ForAll byte[] raw) {
    Bytes in = Bytes.wrap(raw);
    assertThat(Forgery.input(in)).isNotEqualTo(in).isEqualTo(Forgery.input(in));
  }

  @Property(tries = 300)
  void textStaysText(@ForAll String s) {
    Bytes forged = Forgery.input(text(s));
    assertThat(forged).isNotEqualTo(text(s));
  }
}
