package io.ap2p.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.churn.ChurnStats;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.VerificationCost;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.Scenario;
import io.ap2p.sim.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {

  /** Made-up results for every run of {@code s}: the figures only read the numbers. */
  private static List<RunResult> results(Scenario s) {
    List<RunResult> out = new ArrayList<>();
    int i = 0;
    for (Point p : s.points()) {
      for (TierPolicy policy : s.policies()) {
        for (long seed = 1; seed <= s.seeds(); seed++, i++) {
          out.add(
              new RunResult(
                  p,
                  policy,
                  seed,
                  10,
                  i % 10,
                  60,
                  90,
                  120,
                  0.1,
                  20,
                  2,
                  100,
                  5_000,
                  300,
                  2_000,
                  1_000,
                  i,
                  5,
                  new VerificationCost(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                  ChurnStats.NONE,
                  io.ap2p.sim.run.NewcomerStats.NONE));
        }
      }
    }
    return out;
  }

  private static List<String> axes(String scenario) throws Exception {
    Scenario s = ScenarioParser.parse("t", scenario, List.of());
    return Figures.axes(new Report(s, results(s))).stream().map(a -> a.name()).toList();
  }

  @Test
  void aSweptKeyThatIsNotACoordinateNamesSeriesInsteadOfCrashing(@TempDir Path tmp)
      throws Exception {
    // availability is not a report coordinate: before the fix, the two availabilities of one
    // policy and N fell on the same x of one series ("X-value already exists")
    String text =
        "{\"name\":\"avail\",\"peers\":[20,30],\"sessionMeanSeconds\":60,"
            + "\"availability\":[0.3,0.7],\"policies\":[\"naive\",\"risk-aware\"],\"seeds\":2}";
    Scenario s = ScenarioParser.parse("avail", text, List.of());
    List<Path> files = new Figures(new Report(s, results(s))).write(tmp);
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("success.png");
    for (Path f : files) {
      assertThat(Files.size(f)).isPositive();
    }
    assertThat(axes(text)).containsExactly("peers", "availability");
  }

  @Test
  void onlyANonCoordinateKeySweptIsTheXAxis(@TempDir Path tmp) throws Exception {
    String text =
        "{\"name\":\"avail\",\"sessionMeanSeconds\":60,\"availability\":[0.3,0.5,0.7],"
            + "\"policies\":[\"naive\"],\"seeds\":1}";
    assertThat(axes(text)).containsExactly("availability");
    Scenario s = ScenarioParser.parse("avail", text, List.of());
    assertThat(new Figures(new Report(s, results(s))).write(tmp))
        .extracting(f -> f.getFileName().toString())
        .contains("discovery-latency.png");
  }

  @Test
  void onlyNonNumericKeysSweptGiveBarCharts(@TempDir Path tmp) throws Exception {
    String text =
        "{\"name\":\"modes\",\"discovery\":[\"registry\",\"dht\"],"
            + "\"defences\":[\"none\",\"doubt\"],\"policies\":[\"naive\"],\"seeds\":1}";
    assertThat(axes(text)).containsExactly("discovery", "defences");
    Scenario s = ScenarioParser.parse("modes", text, List.of());
    assertThat(new Figures(new Report(s, results(s))).write(tmp))
        .extracting(f -> f.getFileName().toString())
        .containsExactly("success.png", "verification.png");
  }

  @Test
  void theSweptCoordinatesAloneWhenNothingElseVaries() throws Exception {
    assertThat(axes(ReportTest.SCENARIO)).containsExactly("sybil_fraction");
  }
}
