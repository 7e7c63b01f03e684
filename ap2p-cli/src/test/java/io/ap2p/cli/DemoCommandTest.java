package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code ap2p demo}: a real loopback network where naive collapses and risk-aware holds. */
@Tag("slow")
class DemoCommandTest {

  static final Pattern ROW =
      Pattern.compile(
          "(\\d+)% +(naive|risk-aware) +(\\d+)/(\\d+) \\(\\d+%\\) +(\\d+) .*?(?:(\\d+) of (\\d+)|-)$",
          Pattern.MULTILINE);

  @Test
  void naiveCollapsesAndRiskAwareHoldsOnRealNodes() {
    CliRunner.Result r = CliRunner.run("demo", "--workflows", "12");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("registry check: accepted")
        .contains("BAD_SIGNATURE")
        .contains("STALE_SEQ")
        .contains("EXPIRED");
    Matcher m = ROW.matcher(r.out());
    int rows = 0;
    while (m.find()) {
      rows++;
      int sybils = Integer.parseInt(m.group(1));
      String policy = m.group(2);
      int right = Integer.parseInt(m.group(3));
      int of = Integer.parseInt(m.group(4));
      assertThat(of).isEqualTo(12);
      if (sybils == 0) {
        assertThat(right).as(m.group()).isEqualTo(of); // honest providers only: all right
      } else if (policy.equals("naive")) {
        assertThat(right).as(m.group()).isZero(); // the best claims are the Sybils'
      } else {
        // risk-aware learns: a few early workflows may spend their budget on Sybils
        assertThat(right).as(m.group()).isGreaterThanOrEqualTo(of / 2);
        assertThat(Integer.parseInt(m.group(5))).as("wrong kept: " + m.group()).isZero();
        // every Sybil it tried sinks; with as many Sybils as workflows a few may never be tried
        assertThat(Integer.parseInt(m.group(6)))
            .as(m.group())
            .isGreaterThanOrEqualTo(Integer.parseInt(m.group(7)) / 2);
      }
    }
    assertThat(rows).as(r.out()).isEqualTo(6);
  }

  @Test
  void badFlagsAreRefusedNamingTheFlag() {
    CliRunner.Result r = CliRunner.run("demo", "--workflows", "0");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--workflows: 1 to 200");
    CliRunner.Result h = CliRunner.run("demo", "--honest", "99");
    assertThat(h.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(h.err()).contains("--honest: 1 to 50");
  }
}
