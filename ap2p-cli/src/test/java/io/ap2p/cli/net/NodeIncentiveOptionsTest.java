package io.ap2p.cli.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.incentives.ServicePolicy;
import io.ap2p.node.execution.ExecutionLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class NodeIncentiveOptionsTest {

  @Command(name = "t")
  static final class T {
    @Mixin NodeIncentiveOptions incentives = new NodeIncentiveOptions();
    @Spec CommandSpec spec;
  }

  static ExecutionLimits.Incentives parse(String... args) {
    T t = new T();
    new CommandLine(t).parseArgs(args);
    return t.incentives.apply(t.spec, ExecutionLimits.Incentives.OPEN);
  }

  @Test
  void noFlagsServeEveryoneAndFlagsSetThePolicy() {
    assertThat(parse()).isEqualTo(ExecutionLimits.Incentives.OPEN);
    assertThat(parse("--min-balance", "0.5", "--stamp-bits", "16", "--max-stamp-bits", "4"))
        .isEqualTo(new ExecutionLimits.Incentives(new ServicePolicy(500_000, 16), 4));
    assertThat(parse("--min-balance", "-3").policy().minBalanceMicros()).isEqualTo(-3_000_000);
  }

  @Test
  void outOfRangeMalformedOrIncompleteValuesAreRefusedNamingTheFlag() {
    for (String[] args :
        new String[][] {
          {"--stamp-bits", "33", "--min-balance", "1"},
          {"--stamp-bits", "-1", "--min-balance", "1"},
          {"--max-stamp-bits", "99"},
          {"--min-balance", "1e12"},
          {"--min-balance", "-2000000"},
          {"--stamp-bits", "8"}
        }) {
      assertThatThrownBy(() -> parse(args))
          .as(String.join(" ", args))
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining(args[0]);
    }
    assertThatThrownBy(() -> parse("--min-balance", "lots"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--min-balance");
  }
}
