package io.ap2p.cli.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.RequesterDefences;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class NodeTrustOptionsTest {

  @Command(name = "t")
  static final class T {
    @Mixin NodeTrustOptions trust = new NodeTrustOptions();
    @Spec CommandSpec spec;
  }

  static TrustOptions parse(String... args) {
    T t = new T();
    new CommandLine(t).parseArgs(args);
    return t.trust.apply(t.spec, TrustOptions.DEFAULTS);
  }

  @Test
  void noDefencesByDefaultAndEachNameSwitchesItsMechanism() {
    assertThat(parse().defences()).isEqualTo(RequesterDefences.NONE);
    assertThat(parse("--defences", "all").defences()).isEqualTo(RequesterDefences.ALL);
    assertThat(parse("--defences", "exclude+rediscover").defences())
        .isEqualTo(new RequesterDefences(true, false, false, true));
    assertThat(parse("--defences", "recall+doubt").defences())
        .isEqualTo(new RequesterDefences(false, true, true, false));
    assertThat(parse("--defences", "doubt").defences().scope().active()).isFalse();
    // the other trust settings are kept
    assertThat(parse("--defences", "all", "--policy", "naive-random").policy())
        .isEqualTo(io.ap2p.core.trust.TierPolicy.NAIVE_RANDOM);
    for (RequesterDefences d :
        new RequesterDefences[] {
          RequesterDefences.NONE,
          RequesterDefences.ALL,
          new RequesterDefences(false, true, false, true)
        }) {
      assertThat(RequesterDefences.parse(d.label())).isEqualTo(d);
    }
  }

  @Test
  void hostileValuesAreRefusedNamingTheFlag() {
    String[] bad = {
      "",
      "+",
      "exclude+",
      "+exclude",
      "exclude++recall",
      "EXCLUDE",
      "exclude,recall",
      "exclude+exclude",
      "shared", // the node's feedback sharing is --no-feedback's, not a defence here
      "none+exclude",
      "all+doubt",
      "exclude\u0000",
      "x".repeat(101),
      "exclude+".repeat(30) + "exclude",
      "doubt ".trim() + " ",
    };
    for (String b : bad) {
      assertThatThrownBy(() -> parse("--defences", b))
          .as(b)
          .isInstanceOf(ParameterException.class)
          .hasMessageStartingWith("--defences: ");
    }
    // a long unknown name is not echoed whole
    assertThatThrownBy(() -> parse("--defences", "y".repeat(90)))
        .hasMessageNotContaining("y".repeat(30));
  }

  @Test
  void exploreMaxRiskIsMediumByDefaultAndRefusesOtherValuesNamingTheFlag() {
    assertThat(parse("--explore", "1").defences().exploration())
        .isEqualTo(new io.ap2p.core.execution.Exploration(1, io.ap2p.core.trust.RiskClass.MEDIUM));
    assertThat(parse("--explore", "1", "--explore-max-risk", "high").defences().exploration())
        .isEqualTo(new io.ap2p.core.execution.Exploration(1, io.ap2p.core.trust.RiskClass.HIGH));
    assertThat(parse("--explore-max-risk", "low").defences().exploreMaxRisk())
        .isEqualTo(io.ap2p.core.trust.RiskClass.LOW);
    for (String b : new String[] {"", "HIGH", "irreversible", "2", "x".repeat(90)}) {
      assertThatThrownBy(() -> parse("--explore-max-risk", b))
          .as(b)
          .isInstanceOf(ParameterException.class)
          .hasMessageStartingWith("--explore-max-risk: ");
    }
  }

  @Test
  void exploresHelpSaysWhatRuns() {
    String help =
        String.join(
            " ", new CommandLine(new T()).getCommandSpec().findOption("--explore").description());
    assertThat(help)
        .contains("sent a canary before the real task")
        .contains("at most half the step's time")
        .contains("only those this node can make canaries for, explore")
        .doesNotContain("where this node can make one");
  }

  @Test
  void exploreSetsTheProbabilityAndRefusesHostileValuesNamingTheFlag() {
    assertThat(parse().defences().explore()).isZero();
    assertThat(parse().defences().exploration().on()).isFalse();
    assertThat(parse("--explore", "0.05").defences().explore()).isEqualTo(0.05);
    assertThat(parse("--explore", "1", "--defences", "all").defences())
        .isEqualTo(RequesterDefences.ALL.exploring(1));
    String[] bad = {
      "",
      "-0.1",
      "1.5",
      "2",
      "NaN",
      "Infinity",
      "0x1p-3",
      "1e-2",
      ".5",
      "0.",
      " 0.1",
      "0,1",
      "0.1\u0000",
      "9".repeat(400),
      "0." + "1".repeat(30),
    };
    for (String b : bad) {
      assertThatThrownBy(() -> parse("--explore", b))
          .as(b)
          .isInstanceOf(ParameterException.class)
          .hasMessageStartingWith("--explore: ");
    }
    assertThatThrownBy(() -> parse("--explore", "7".repeat(90)))
        .hasMessageNotContaining("7".repeat(30));
  }
}
