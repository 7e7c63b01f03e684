package io.ap2p.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.Runner;
import io.ap2p.sim.scenario.Scenario;
import io.ap2p.sim.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnReportTest {

  static final String SCENARIO =
      "{\"name\":\"tiny-churn\",\"peers\":24,\"durationSeconds\":40,"
          + "\"driftMeanSeconds\":1000000000,\"sessionMeanSeconds\":[0,20],"
          + "\"coldStartSeconds\":1,\"policies\":\"naive\",\"seeds\":2}";

  @Test
  void aChurnScenarioGetsItsOwnFilesByteIdenticalOnRerun(@TempDir Path tmp) throws Exception {
    Scenario s = ScenarioParser.parse("tiny-churn", SCENARIO, List.of());
    assertThat(ChurnReport.applies(s)).isTrue();
    List<RunResult> one = Runner.run(s, 2, 1, (d, t) -> {});
    List<RunResult> two = Runner.run(s, 2, 2, (d, t) -> {});
    Report.Perf perf = new Report.Perf(1000, 1, 1 << 20, 1 << 19, 1 << 30);
    new Report(s, one).write(tmp.resolve("a"), perf);
    new Report(s, two).write(tmp.resolve("b"), perf);
    for (String f : List.of("churn.csv", "churn-summary.csv", "results.csv")) {
      assertThat(Files.readAllBytes(tmp.resolve("a").resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
    }
    String[] rows = Files.readString(tmp.resolve("a/churn.csv")).split("\n");
    assertThat(rows[0]).isEqualTo(ChurnReport.HEADER);
    assertThat(rows).hasSize(1 + 2 * 2);
    assertThat(rows[1]).startsWith("tiny-churn,naive,registry,24,0.0,0.0,");
    assertThat(rows[3]).startsWith("tiny-churn,naive,registry,24,20.0,20.0,");
    assertThat(Files.readString(tmp.resolve("a/report.md")))
        .contains("## Churn (mean ± 95% CI over seeds)", "| registry | naive | no churn |");
  }

  @Test
  void aScenarioWithoutChurnWritesNoChurnFiles(@TempDir Path tmp) throws Exception {
    Scenario s = ScenarioParser.parse("tiny", SCENARIO, List.of("sessionMeanSeconds=0"));
    assertThat(ChurnReport.applies(s)).isFalse();
    new Report(s, Runner.run(s, 1, 1, (d, t) -> {}))
        .write(tmp, new Report.Perf(1000, 1, 1 << 20, 1 << 19, 1 << 30));
    assertThat(tmp.resolve("churn.csv")).doesNotExist();
    assertThat(Files.readString(tmp.resolve("report.md"))).doesNotContain("## Churn");
  }

  @Test
  void oneSeedLeavesTheConfidenceIntervalsBlankNotZero() throws Exception {
    Scenario s = ScenarioParser.parse("tiny-churn", SCENARIO, List.of("seeds=1"));
    ChurnReport r = new ChurnReport(Runner.run(s, 1, 1, (d, t) -> {}));
    String[] rows = r.summaryCsv().split("\n");
    String[] header = rows[0].split(",", -1);
    String[] row = rows[1].split(",", -1);
    assertThat(row).hasSameSizeAs(header);
    for (int i = 0; i < header.length; i++) {
      if (header[i].endsWith("_ci95")) {
        assertThat(row[i]).as(header[i]).isEmpty();
      } else {
        assertThat(row[i]).as(header[i]).isNotEmpty();
      }
    }
    assertThat(r.markdown()).contains("(one seed)").doesNotContain("± 0.000");
  }
}
