package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canary evader's rules, shared by the node's persona and the simulator. */
class CanaryClassifierTest {

  private static Bytes text(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachRuleFiresOnWhatArrivesAndNothingElse() {
    CanaryClassifier c = new CanaryClassifier();
    assertThat(c.judge("p", text("a red fox......"), 0))
        .contains(CanaryClassifier.Reason.FIRST_CONTACT);
    assertThat(c.judge("p", text("a blue whale...."), 1_000)).isEmpty();
    assertThat(c.judge("q", text("a red fox......"), 2_000))
        .contains(CanaryClassifier.Reason.SEEN_INPUT);
    assertThat(c.judge("p", text("a grey wolf....."), 1_050))
        .contains(CanaryClassifier.Reason.TOGETHER);
    for (int i = 0; i < 3; i++) {
      c.judge("p", text("x".repeat(16) + i), 10_000 + i * 1_000);
    }
    assertThat(c.judge("p", text("y".repeat(200)), 20_000))
        .contains(CanaryClassifier.Reason.ODD_SIZE);
  }

  @Test
  void identitiesSharingTheirInputsLearnACanarySetTogether() {
    CanaryClassifier.Inputs shared = new CanaryClassifier.Inputs();
    CanaryClassifier a = new CanaryClassifier(shared);
    CanaryClassifier b = new CanaryClassifier(shared);
    CanaryClassifier alone = new CanaryClassifier();
    a.judge("p", text("canary 1"), 0);
    alone.judge("r", text("other"), 0);
    assertThat(b.judge("r", text("canary 1"), 5_000)).contains(CanaryClassifier.Reason.SEEN_INPUT);
    assertThat(alone.judge("r", text("canary 1"), 5_000)).isEmpty();
  }
}
