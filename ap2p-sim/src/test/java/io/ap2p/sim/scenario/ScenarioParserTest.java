package io.ap2p.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.trust.TierPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

  static Scenario parse(String json, String... overrides) throws ScenarioException {
    return ScenarioParser.parse("test", json, List.of(overrides));
  }

  @Test
  void anEmptyScenarioTakesEveryDefault() throws Exception {
    Scenario s = parse("{}");
    assertThat(s.name()).isEqualTo("test");
    assertThat(s.points()).hasSize(1);
    assertThat(s.policies()).containsExactlyElementsOf(TierPolicy.PAPER); // not naive-random
    assertThat(s.seeds()).isEqualTo(3);
    Point p = s.points().get(0);
    assertThat(p.peers()).isEqualTo(100);
    assertThat(p.ttlSeconds()).isEqualTo(30);
    assertThat(p.adversary()).isEqualTo("sybil");
    assertThat(ScenarioParser.defaults().has("sybilFraction")).isTrue();
  }

  @Test
  void exploreMaxRiskIsMediumByDefaultAndOnlyARiskClass() throws Exception {
    assertThat(parse("{\"explore\":0.5}").points().get(0).exploration())
        .isEqualTo(
            new io.ap2p.core.execution.Exploration(0.5, io.ap2p.core.trust.RiskClass.MEDIUM));
    assertThat(parse("{\"explore\":1,\"exploreMaxRisk\":\"high\"}").points().get(0).exploration())
        .isEqualTo(new io.ap2p.core.execution.Exploration(1, io.ap2p.core.trust.RiskClass.HIGH));
    assertThat(parse("{}", "exploreMaxRisk=low").points().get(0).exploration().maxRisk())
        .isEqualTo(io.ap2p.core.trust.RiskClass.LOW);
    for (String bad : List.of("\"HIGH\"", "\"irreversible\"", "\"\"", "3", "[null]")) {
      assertThatThrownBy(() -> parse("{\"exploreMaxRisk\":" + bad + "}"))
          .isInstanceOf(ScenarioException.class)
          .hasMessageContaining("exploreMaxRisk");
    }
  }

  @Test
  void listsAreSweepsAndExpandToTheirCartesianProduct() throws Exception {
    Scenario s = parse("{\"peers\":[20,50],\"sybilFraction\":[0,0.1,0.2],\"policies\":\"naive\"}");
    assertThat(s.points()).hasSize(6);
    assertThat(s.points().get(0).peers()).isEqualTo(20);
    assertThat(s.points().get(2).sybilFraction()).isEqualTo(0.2);
    assertThat(s.points().get(3).peers()).isEqualTo(50);
    assertThat(s.policies()).containsExactly(TierPolicy.NAIVE);
    assertThat(s.runs()).isEqualTo(6 * 3);
  }

  @Test
  void overridesReplaceKeysAndAcceptJsonValues() throws Exception {
    Scenario s = parse("{\"peers\":10}", "peers=40", "sybilFraction=[0,0.5]", "adversary=colluder");
    assertThat(s.points()).hasSize(2);
    assertThat(s.points().get(1).peers()).isEqualTo(40);
    assertThat(s.points().get(1).adversary()).isEqualTo("colluder");
  }

  @Test
  void unknownAndInvalidKeysAreErrorsThatNameThem() {
    assertThatThrownBy(() -> parse("{\"peer\":10}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("$.peer: unknown key");
    assertThatThrownBy(() -> parse("{\"peers\":\"many\"}")).hasMessageStartingWith("$.peers");
    assertThatThrownBy(() -> parse("{\"peers\":10.5}")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("{\"sybilFraction\":[0,2]}"))
        .hasMessageStartingWith("$.sybilFraction[1]");
    assertThatThrownBy(() -> parse("{\"sybilFraction\":[]}")).hasMessageContaining("1..1000");
    assertThatThrownBy(() -> parse("{\"policies\":[\"magic\"]}"))
        .hasMessageStartingWith("$.policies[0]");
    assertThatThrownBy(() -> parse("{\"adversary\":\"dragon\"}"))
        .hasMessageStartingWith("$.adversary");
    assertThatThrownBy(() -> parse("{\"feedbackSharing\":1}"))
        .hasMessageStartingWith("$.feedbackSharing");
    assertThatThrownBy(() -> parse("{\"discovery\":\"gossip\"}"))
        .hasMessageStartingWith("$.discovery");
    assertThatThrownBy(() -> parse("{\"sybilWrong\":0.9,\"sybilTimeout\":0.5}"))
        .hasMessageContaining("sybilWrong + $.sybilTimeout");
    assertThatThrownBy(() -> parse("{\"signatures\":\"fake\"}"))
        .hasMessageStartingWith("$.signatures");
    assertThatThrownBy(() -> parse("{\"capabilities\":1}"))
        .hasMessageStartingWith("$.capabilities");
    assertThatThrownBy(() -> parse("{\"joinSeconds\":0}")).hasMessageStartingWith("$.joinSeconds");
    assertThatThrownBy(() -> parse("{\"registryExplore\":1.5}"))
        .hasMessageStartingWith("$.registryExplore");
    assertThatThrownBy(() -> parse("{}", "nokeyvalue")).hasMessageContaining("key=value");
    assertThatThrownBy(() -> parse("{\"canarySource\":\"oracle\"}"))
        .hasMessageStartingWith("$.canarySource");
    assertThatThrownBy(() -> parse("{\"canarySetSize\":0}"))
        .hasMessageStartingWith("$.canarySetSize");
    assertThatThrownBy(() -> parse("{\"canarySetSize\":2.5}")).hasMessageContaining("whole");
    assertThatThrownBy(() -> parse("{\"attestors\":0}")).hasMessageStartingWith("$.attestors");
    assertThatThrownBy(() -> parse("{\"attestors\":1e9}")).hasMessageStartingWith("$.attestors");
    assertThatThrownBy(() -> parse("{\"attestorAvailability\":-0.1}"))
        .hasMessageStartingWith("$.attestorAvailability");
    assertThatThrownBy(() -> parse("{\"attestorCollusion\":\"half\"}"))
        .hasMessageStartingWith("$.attestorCollusion");
    assertThatThrownBy(() -> parse("{\"adversaryClaimsAttestation\":1}"))
        .hasMessageStartingWith("$.adversaryClaimsAttestation");
    assertThatThrownBy(() -> parse("{\"seeds\":0}")).hasMessageStartingWith("$.seeds");
  }

  @Test
  void attemptsAndTheSybilDeadlineHaveDefaultsAndBounds() throws Exception {
    Point p = parse("{}").points().get(0);
    assertThat(p.attempts()).isEqualTo(TierPolicy.DEFAULT_ATTEMPTS);
    assertThat(p.sybilDeadlineSeconds()).isEqualTo(5.0);
    assertThat(parse("{\"attempts\":1}").points().get(0).attempts()).isEqualTo(1);
    assertThat(parse("{\"attempts\":100}").points().get(0).attempts()).isEqualTo(100);
    assertThat(parse("{}", "attempts=4").points().get(0).attempts()).isEqualTo(4);
    assertThat(parse("{\"sybilDeadlineSeconds\":0.1}").points().get(0).sybilDeadlineSeconds())
        .isEqualTo(0.1);
    assertThat(parse("{\"sybilDeadlineSeconds\":3600}").points().get(0).sybilDeadlineSeconds())
        .isEqualTo(3600.0);
    // a top-level null is the default, as for every key
    assertThat(parse("{\"attempts\":null}").points().get(0).attempts()).isEqualTo(3);
    assertThat(parse("{\"attempts\":[1,4]}").points())
        .extracting(Point::attempts)
        .containsExactly(1, 4);
    for (String bad : List.of("0", "101", "-1", "1e9", "\"3\"", "true", "[null]", "[]")) {
      assertThatThrownBy(() -> parse("{\"attempts\":" + bad + "}"))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageStartingWith("$.attempts");
    }
    assertThatThrownBy(() -> parse("{\"attempts\":2.5}")).hasMessageContaining("whole number");
    for (String bad : List.of("0.05", "0", "-5", "3600.5", "1e308", "\"5\"", "[null]")) {
      assertThatThrownBy(() -> parse("{\"sybilDeadlineSeconds\":" + bad + "}"))
          .as(bad)
          .isInstanceOf(ScenarioException.class)
          .hasMessageStartingWith("$.sybilDeadlineSeconds");
    }
    assertThat(parse("{\"adversary\":\"silent\"}").points().get(0).adversary()).isEqualTo("silent");
  }

  @Test
  void hostileFilesAreRefusedWithAClearError() {
    assertThatThrownBy(() -> parse("{\"peers\": 10")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> parse("")).isInstanceOf(ScenarioException.class);
    assertThatThrownBy(() -> parse("{\"description\":\"" + "x".repeat(300_000) + "\"}"))
        .hasMessageContaining("larger than");
    StringBuilder big = new StringBuilder("{");
    for (String k : List.of("peers", "sybilFraction", "ttlSeconds")) {
      big.append('"').append(k).append("\":[");
      for (int i = 0; i < 30; i++) {
        big.append(i == 0 ? "" : ",").append(k.equals("sybilFraction") ? i / 100.0 : i + 2);
      }
      big.append("],");
    }
    big.setLength(big.length() - 1);
    big.append('}');
    assertThatThrownBy(() -> parse(big.toString())).hasMessageContaining("more than 10000 points");
  }

  @Test
  void everyBuiltInParses() throws Exception {
    for (String name : BuiltIns.NAMES) {
      Scenario s = ScenarioParser.parse(name, BuiltIns.text(name).orElseThrow(), List.of());
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.points()).isNotEmpty();
    }
    Scenario sybil =
        ScenarioParser.parse("paper-sybil", BuiltIns.text("paper-sybil").orElseThrow(), List.of());
    assertThat(sybil.points())
        .extracting(Point::sybilFraction)
        .containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5);
    assertThat(sybil.policies()).hasSize(5);
    assertThat(BuiltIns.text("nope")).isEmpty();
  }
}
