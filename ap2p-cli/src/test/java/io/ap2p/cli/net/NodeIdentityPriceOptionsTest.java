package io.ap2p.cli.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.node.IdentityPriceOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class NodeIdentityPriceOptionsTest {

  @Command(name = "t")
  static final class T {
    @Mixin NodeIdentityPriceOptions price = new NodeIdentityPriceOptions();
    @Spec CommandSpec spec;
  }

  static IdentityPriceOptions parse(boolean registry, String... args) {
    T t = new T();
    new CommandLine(t).parseArgs(args);
    return t.price.apply(t.spec, registry, IdentityPriceOptions.DEFAULTS);
  }

  @Test
  void noFlagsAskNothingAndPayUpTo24AndFlagsSetBoth() {
    assertThat(parse(false)).isEqualTo(new IdentityPriceOptions(0, 24));
    assertThat(parse(true, "--identity-bits", "20", "--max-identity-bits", "0"))
        .isEqualTo(new IdentityPriceOptions(20, 0));
    assertThat(parse(false, "--max-identity-bits", "28").maxMintBits()).isEqualTo(28);
    assertThat(parse(false, "--identity-bits", "0").registryBits()).isZero();
  }

  @Test
  void outOfRangeOrMisplacedValuesAreRefusedNamingTheFlag() {
    for (String[] args :
        new String[][] {
          {"--identity-bits", "33"}, {"--identity-bits", "-1"}, {"--max-identity-bits", "40"}
        }) {
      assertThatThrownBy(() -> parse(true, args))
          .as(String.join(" ", args))
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining(args[0]);
    }
    assertThatThrownBy(() -> parse(false, "--identity-bits", "8"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("needs --registry");
  }
}
