package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** The hand-written tag and id checks accept exactly what their documented grammars accept. */
class SyntaxTest {

  static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  @Property(tries = 5000)
  void tagsFollowTheirGrammar(
      @ForAll
          @StringLength(max = 70)
          @CharRange(from = 'a', to = 'c')
          @Chars({'.', '-', '0', 'Z', '_'})
          String s) {
    assertThat(CapabilityTag.isValid(s))
        .as(s)
        .isEqualTo(s.length() <= CapabilityTag.MAX_LENGTH && TAG.matcher(s).matches());
  }

  @Property(tries = 5000)
  void idsFollowTheirGrammar(
      @ForAll
          @StringLength(max = 70)
          @CharRange(from = 'a', to = 'b')
          @Chars({'.', '_', ':', '-', '9', 'Z', '/', ' '})
          String s) {
    assertThat(CapabilityDescriptor.isValidId(s)).as(s).isEqualTo(ID.matcher(s).matches());
  }
}
