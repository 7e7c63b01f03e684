package io.ap2p.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.sim.churn.ChurnConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The churn keys of scenario files: defaults, sweeps and hostile values. */
class ChurnKeysTest {

  static Scenario parse(String json, String... overrides) throws ScenarioException {
    return ScenarioParser.parse("test", json, List.of(overrides));
  }

  @Test
  void churnIsOffByDefault() throws Exception {
    Point p = parse("{}").points().get(0);
    assertThat(p.churn()).isEqualTo(ChurnConfig.OFF);
    assertThat(p.churn().enabled()).isFalse();
    for (String name : BuiltIns.NAMES) {
      if (!name.equals("churn")) {
        Scenario s = ScenarioParser.parse(name, BuiltIns.text(name).orElseThrow(), List.of());
        assertThat(s.points()).as(name).allMatch(x -> !x.churn().enabled());
        // nothing reads stale answers there, so the meter is off
        assertThat(s.points()).as(name).allMatch(x -> !x.churn().meter());
      }
    }
  }

  @Test
  void sessionLengthsSweepAndTheOfflineMeanFollowsFromAvailability() throws Exception {
    Scenario s =
        parse(
            "{\"sessionMeanSeconds\":[0,60,600],\"availability\":0.25,\"sessionShape\":0.4,"
                + "\"coldStartSeconds\":2.5}");
    assertThat(s.points())
        .extracting(p -> p.churn().sessionMeanSeconds())
        .containsExactly(0.0, 60.0, 600.0);
    ChurnConfig c = s.points().get(1).churn();
    assertThat(c.enabled()).isTrue();
    assertThat(c.offlineMeanSeconds()).isEqualTo(180.0);
    assertThat(c.shape()).isEqualTo(0.4);
    assertThat(c.coldStartSeconds()).isEqualTo(2.5);
    assertThat(s.points().get(1).coordinates()).containsEntry("session_mean_s", 60.0);
  }

  @Test
  void hostileChurnValuesAreErrorsThatNameTheKey() {
    assertThatThrownBy(() -> parse("{\"sessionMeanSeconds\":-1}"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("$.sessionMeanSeconds");
    assertThatThrownBy(() -> parse("{\"sessionMeanSeconds\":1e300}"))
        .hasMessageStartingWith("$.sessionMeanSeconds");
    assertThatThrownBy(() -> parse("{\"sessionMeanSeconds\":\"often\"}"))
        .hasMessageStartingWith("$.sessionMeanSeconds: must be a number");
    assertThatThrownBy(() -> parse("{\"sessionMeanSeconds\":[60,null]}"))
        .hasMessageStartingWith("$.sessionMeanSeconds[1]");
    assertThatThrownBy(() -> parse("{\"sessionShape\":0}"))
        .hasMessageStartingWith("$.sessionShape");
    assertThatThrownBy(() -> parse("{\"sessionShape\":11}"))
        .hasMessageStartingWith("$.sessionShape");
    assertThatThrownBy(() -> parse("{\"availability\":1}"))
        .hasMessageStartingWith("$.availability");
    assertThatThrownBy(() -> parse("{\"availability\":0}"))
        .hasMessageStartingWith("$.availability");
    assertThatThrownBy(() -> parse("{\"coldStartSeconds\":-0.5}"))
        .hasMessageStartingWith("$.coldStartSeconds");
    assertThatThrownBy(() -> parse("{\"coldStartSeconds\":true}"))
        .hasMessageStartingWith("$.coldStartSeconds");
    assertThatThrownBy(() -> parse("{}", "sessionMean=60"))
        .hasMessageStartingWith("$.sessionMean: unknown key");
    assertThatThrownBy(() -> parse("{}", "availability=NaN"))
        .hasMessageStartingWith("$.availability");
  }

  @Test
  void theBuiltInSweepsSessionLengthsInBothDiscoveryModes() throws Exception {
    Scenario s = ScenarioParser.parse("churn", BuiltIns.text("churn").orElseThrow(), List.of());
    assertThat(s.points()).extracting(Point::discovery).contains("registry", "dht");
    assertThat(s.points()).anyMatch(p -> !p.churn().enabled());
    // the report compares every point's stale answers, the no-churn baseline's too
    assertThat(s.points()).allMatch(p -> p.churn().meter());
    assertThat(s.points().stream().map(p -> p.churn().sessionMeanSeconds()).distinct().count())
        .isGreaterThanOrEqualTo(4);
  }
}
