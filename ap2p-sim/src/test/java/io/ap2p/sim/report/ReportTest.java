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

class ReportTest {

  static final String SCENARIO =
      "{\"name\":\"tiny\",\"peers\":20,\"durationSeconds\":40,\"sybilFraction\":[0,0.3],"
          + "\"policies\":[\"naive\",\"risk-aware\"],\"seeds\":2}";

  @Test
  void reportsAreByteIdenticalWhateverTheThreadCount(@TempDir Path tmp) throws Exception {
    Scenario s = ScenarioParser.parse("tiny", SCENARIO, List.of());
    List<RunResult> one = Runner.run(s, 2, 1, (d, t) -> {});
    List<RunResult> two = Runner.run(s, 2, 2, (d, t) -> {});
    Report a = new Report(s, one);
    Report b = new Report(s, two);
    assertThat(a.resultsCsv()).isEqualTo(b.resultsCsv());
    assertThat(a.summaryCsv()).isEqualTo(b.summaryCsv());
    List<Path> files =
        a.write(tmp.resolve("out"), new Report.Perf(1000, 1, 1 << 20, 1 << 19, 1 << 30));
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("results.csv", "summary.csv", "perf.csv", "report.md", "success.png");
    b.write(tmp.resolve("again"), new Report.Perf(2000, 2, 1 << 21, 1 << 20, 1 << 30));
    for (String f : List.of("results.csv", "summary.csv", "success.png", "discovery-latency.png")) {
      assertThat(Files.readAllBytes(tmp.resolve("out").resolve(f)))
          .as(f)
          .isEqualTo(Files.readAllBytes(tmp.resolve("again").resolve(f)));
    }
    byte[] png = Files.readAllBytes(tmp.resolve("out/success.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void resultsHaveTheDocumentedColumnsAndOneRowPerRun() throws Exception {
    Scenario s = ScenarioParser.parse("tiny", SCENARIO, List.of("seeds=1"));
    Report r = new Report(s, Runner.run(s, 1, 2, (d, t) -> {}));
    String[] lines = r.resultsCsv().split("\n");
    assertThat(lines[0])
        .startsWith(
            "scenario,policy,peers,sybil_fraction,ttl_s,drift_mean_s,canary_evasion,adversary,seed,"
                + "workflows,succeeded,success_rate,discovery_p50_ms,discovery_p95_ms,"
                + "discovery_p99_ms,control_msgs_per_peer_s,control_bytes_per_peer_s");
    assertThat(lines).hasSize(1 + 2 * 2);
    assertThat(lines[1]).startsWith("tiny,naive,20,0,");
    assertThat(lines[2]).startsWith("tiny,risk-aware,20,0,");
    assertThat(lines[3]).startsWith("tiny,naive,20,0.3,");
    assertThat(r.rows()).hasSize(4);
  }

  @Test
  void aSweptExploreIsAColumnAndALabelSoRowsDiffer() throws Exception {
    Scenario s =
        ScenarioParser.parse(
            "tiny",
            "{\"name\":\"tiny\",\"peers\":20,\"durationSeconds\":40,\"sybilFraction\":0.4,"
                + "\"explore\":[0,0.5],\"policies\":[\"risk-aware\"],\"seeds\":1}",
            List.of());
    Report r = new Report(s, Runner.run(s, 1, 1, (d, t) -> {}));
    String[] results = r.resultsCsv().split("\n");
    String[] summary = r.summaryCsv().split("\n");
    assertThat(results[0]).endsWith(",explore");
    assertThat(summary[0]).endsWith(",explore");
    assertThat(results[1]).endsWith(",0");
    assertThat(results[2]).endsWith(",0.5");
    assertThat(summary[1]).endsWith(",0");
    assertThat(summary[2]).endsWith(",0.5");
    assertThat(r.extraLabel(s.points().get(1))).isEqualTo(" explore=0.5");
  }

  @Test
  void theReportStatesThePaperClaimNextToTheMeasurement(@TempDir Path tmp) throws Exception {
    Scenario s = ScenarioParser.parse("tiny", SCENARIO, List.of("seeds=1"));
    Report r = new Report(s, Runner.run(s, 1, 2, (d, t) -> {}));
    r.write(tmp, new Report.Perf(1234, 2, 64L << 20, 32L << 20, 1L << 30));
    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md)
        .contains("### Sybil index poisoning", "*Paper:*", "*Measured:*", "naive success");
    assertThat(md)
        .contains(
            "peak heap | 64.0 MiB",
            "largest heap after a collection | 32.0 MiB",
            "heap limit | 1024.0 MiB",
            "wall time | 1.2 s");
  }

  @Test
  void statsUseStudentsT() {
    Stats s = Stats.of(List.of(1.0, 2.0, 3.0));
    assertThat(s.mean()).isEqualTo(2.0);
    assertThat(s.ci95())
        .isCloseTo(4.303 * 1.0 / Math.sqrt(3), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(Stats.of(List.of(5.0)).ci95()).isZero();
    assertThat(Stats.of(List.of()).n()).isZero();
  }
}
