package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p node start --persona}: marked for tests and demos, and its flags checked. */
class PersonaCliTest {

  @TempDir Path tmp;

  private CliRunner.Result start(String... more) {
    String[] base = {"node", "start", "--data", tmp.resolve("d").toString(), "--discovery", "dht"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRunner.run(all);
  }

  @Test
  void helpMarksThePersonaAsForTestsAndDemos() {
    CliRunner.Result r = CliRunner.run("node", "start", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--persona").contains("FOR TESTS AND DEMOS ONLY");
  }

  @Test
  void aSybilNodeStartsAndSaysWhatItPlays() throws Exception {
    NodeServeCliTest.Started n =
        NodeServeCliTest.node(
            "--data",
            tmp.resolve("sybil").toString(),
            "--discovery",
            "dht",
            "--persona",
            "sybil",
            "--serve",
            "image.generate");
    n.stop();
    assertThat(n.err().toString()).contains("playing the sybil persona (for tests and demos)");
  }

  @Test
  void anUnknownPersonaIsRefusedNamingTheFlag() {
    CliRunner.Result r = start("--persona", "liar", "--serve", "image.generate");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--persona: unknown persona 'liar'");
  }

  @Test
  void aPersonaServingNothingIsRefused() {
    CliRunner.Result r = start("--persona", "sybil");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--persona: a persona misbehaves in what it serves");
  }

  @Test
  void whitewashAfterNeedsTheWhitewasherAndABound() {
    CliRunner.Result without = start("--whitewash-after", "3", "--serve", "image.generate");
    CliRunner.Result other =
        start("--persona", "sybil", "--whitewash-after", "3", "--serve", "image.generate");
    CliRunner.Result zero =
        start("--persona", "whitewasher", "--whitewash-after", "0", "--serve", "image.generate");
    CliRunner.Result huge =
        start(
            "--persona",
            "whitewasher",
            "--whitewash-after",
            "99999999999",
            "--serve",
            "image.generate");

    assertThat(without.err()).contains("--whitewash-after: only with --persona whitewasher");
    assertThat(other.err()).contains("--whitewash-after: only with --persona whitewasher");
    assertThat(zero.err()).contains("--whitewash-after: 1 to 1000000 tasks, got 0");
    assertThat(huge.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(huge.err()).contains("--whitewash-after");
    assertThat(java.util.List.of(without.code(), other.code(), zero.code()))
        .containsOnly(ExitCodes.USAGE);
  }
}
