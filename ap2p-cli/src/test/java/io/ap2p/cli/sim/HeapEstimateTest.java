package io.ap2p.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.sim.scenario.BuiltIns;
import io.ap2p.sim.scenario.Scenario;
import io.ap2p.sim.scenario.ScenarioParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapEstimateTest {

  static Scenario builtIn(String name, String... overrides) throws Exception {
    return ScenarioParser.parse(name, BuiltIns.text(name).orElseThrow(), List.of(overrides));
  }

  @Test
  void aMillionPeersAskForAbout8GiBAndThePaperScenariosForLittle() throws Exception {
    double gib = 1024.0 * 1024 * 1024;
    // one world at a time whatever the threads: 2 policies of one point and one seed
    assertThat(SimRunCommand.heapEstimate(builtIn("scale-1m"), 1, 2) / gib).isBetween(7.5, 8.5);
    assertThat(SimRunCommand.heapEstimate(builtIn("paper-sybil"), 10, 2) / gib).isLessThan(0.5);
    // the DHT also holds routing tables and provider records: about twice a registry world
    assertThat(SimRunCommand.heapEstimate(builtIn("scale-1m", "discovery=dht"), 1, 2) / gib)
        .isBetween(15.0, 16.5);
    // parallel worlds add up
    assertThat(SimRunCommand.heapEstimate(builtIn("scale-1m", "peers=100000"), 4, 4))
        .isGreaterThan(
            3 * SimRunCommand.heapEstimate(builtIn("scale-1m", "peers=100000"), 1, 4) / 2);
  }
}
