package io.ap2p.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryRanking;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's registry ranks as a node's does unless a scenario asks for the paper's registry:
 * both read {@link RegistryRanking}, and the defaults are pinned here.
 */
class RankingParityTest {

  @Test
  void aScenarioWithoutRankingKeysRanksAsANodesRegistry() throws Exception {
    Point p = ScenarioParser.parse("t", "{}", List.of()).points().get(0);
    assertThat(p.ranking()).isEqualTo(RegistryRanking.DEFAULTS);
    // what a node's RegistryService uses (ap2p-node's RegistryServiceRankingTest pins that side)
    assertThat(RegistryRanking.DEFAULTS.weights()).isEqualTo(RankingWeights.DEFAULT);
    assertThat(RegistryRanking.DEFAULTS.explore()).isEqualTo(0.25);
  }

  @Test
  void thePaperPresetRanksByAnnouncementsWithoutExploring() throws Exception {
    Point p =
        ScenarioParser.parse("t", "{\"registryRanking\":\"paper\"}", List.of()).points().get(0);
    assertThat(p.ranking()).isEqualTo(RegistryRanking.PAPER);
    assertThat(RegistryRanking.PAPER.weights()).isEqualTo(RankingWeights.ANNOUNCEMENTS_ONLY);
    assertThat(RegistryRanking.PAPER.explore()).isZero();
  }

  @Test
  void thePapersScenariosKeepThePapersRegistry() throws Exception {
    for (String name : List.of("paper-sybil", "paper-scale", "paper-ttl")) {
      Scenario s = ScenarioParser.parse(name, BuiltIns.text(name).orElseThrow(), List.of());
      assertThat(s.points())
          .allSatisfy(p -> assertThat(p.ranking()).isEqualTo(RegistryRanking.PAPER));
    }
  }

  @Test
  void registryExploreOverridesThePresetsShare() throws Exception {
    Point p =
        ScenarioParser.parse(
                "t", "{\"registryRanking\":\"paper\",\"registryExplore\":0.5}", List.of())
            .points()
            .get(0);
    assertThat(p.ranking()).isEqualTo(new RegistryRanking(RankingWeights.ANNOUNCEMENTS_ONLY, 0.5));
    Point q = ScenarioParser.parse("t", "{\"registryExplore\":0}", List.of()).points().get(0);
    assertThat(q.ranking().explore()).isZero();
    assertThat(q.ranking().weights()).isEqualTo(RankingWeights.DEFAULT);
  }

  @Test
  void unknownPresetsAndMechanismsAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> ScenarioParser.parse("t", "{\"registryRanking\":\"best\"}", List.of()))
        .hasMessageStartingWith("$.registryRanking");
    assertThatThrownBy(
            () -> ScenarioParser.parse("t", "{\"defences\":\"exclude+magic\"}", List.of()))
        .hasMessageStartingWith("$.defences")
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> ScenarioParser.parse("t", "{\"defences\":\"\"}", List.of()))
        .hasMessageStartingWith("$.defences");
  }
}
