package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCliTest {

  @Test
  void listNamesEveryBuiltInScenario() {
    CliRunner.Result r = CliRunner.run("sim", "list");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("paper-sybil", "paper-scale", "paper-ttl", "adversaries", "smoke");
    assertThat(r.out()).contains("300 runs (6 points × 5 policies × 10 seeds)");
  }

  @Test
  void showPrintsAScenarioFileThatRunsWhenEdited(@TempDir Path tmp) throws Exception {
    CliRunner.Result shown = CliRunner.run("sim", "show", "smoke");
    assertThat(shown.code()).isZero();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(shown.out());
    tree.put("name", "mine");
    tree.put("peers", 16);
    tree.put("durationSeconds", 30);
    tree.putArray("policies").add("risk-aware");
    Path file = tmp.resolve("mine.json");
    Files.writeString(file, tree.toString());
    Path out = tmp.resolve("out");
    CliRunner.Result run =
        CliRunner.run(
            "sim",
            "run",
            file.toString(),
            "--seeds",
            "1",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("risk-aware", "report: ");
    assertThat(run.err()).contains("mine, 2 runs", "100% 2/2 runs");
    assertThat(out.resolve("results.csv")).exists();
    assertThat(out.resolve("report.md")).exists();
    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
    assertThat(CliRunner.run("sim", "show", "--defaults").out()).contains("\"sybilFraction\"");
  }

  @Test
  void setOverridesKeys(@TempDir Path tmp) throws Exception {
    CliRunner.Result run =
        CliRunner.run(
            "sim",
            "run",
            "smoke",
            "--seeds",
            "1",
            "--quiet",
            "--out",
            tmp.toString(),
            "--set",
            "peers=12",
            "--set",
            "sybilFraction=0.25",
            "--set",
            "durationSeconds=20");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("runs, ");
    assertThat(Files.readString(tmp.resolve("results.csv"))).contains("smoke,naive,12,0.25,");
    assertThat(Files.readString(tmp.resolve("report.md")))
        .containsPattern("largest heap after a collection \\| [0-9.]+ MiB")
        .containsPattern("heap limit \\| [1-9][0-9.]* MiB");
  }

  @Test
  void badScenariosAndFlagsGetClearErrors(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"peers\": 10, \"sybilFractoin\": 0.2}");
    CliRunner.Result r = CliRunner.run("sim", "run", bad.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(r.err()).contains("$.sybilFractoin: unknown key");
    CliRunner.Result missing = CliRunner.run("sim", "run", "no-such-scenario");
    assertThat(missing.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(missing.err()).contains("no built-in scenario or file named 'no-such-scenario'");
    assertThat(CliRunner.run("sim", "run", "smoke", "--seeds", "0").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(CliRunner.run("sim", "run", "smoke", "--threads", "x").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(CliRunner.run("sim", "run", "smoke", "--set", "peers").code())
        .isEqualTo(ExitCodes.REJECTED);
    assertThat(CliRunner.run("sim", "show", "nope").err()).contains("no built-in scenario 'nope'");
    assertThat(CliRunner.run("sim", "show").code()).isEqualTo(ExitCodes.USAGE);
  }
}
