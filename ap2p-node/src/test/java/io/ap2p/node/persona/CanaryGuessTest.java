package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.CanaryClassifier;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canary-evader's rule, on chosen arrival times. */
class CanaryGuessTest {

  private final CanaryGuess guess = new CanaryGuess();

  private static Bytes text(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void firstContactThenRealThenSeenInputThenTogether() {
    assertThat(guess.judge("p", text("a red fox......"), 0))
        .contains(CanaryClassifier.Reason.FIRST_CONTACT);
    assertThat(guess.judge("p", text("a blue whale...."), 1_000)).isEmpty();
    assertThat(guess.judge("q", text("a red fox......"), 2_000))
        .contains(CanaryClassifier.Reason.SEEN_INPUT);
    assertThat(guess.judge("p", text("a green frog...."), 3_000)).isEmpty();
    assertThat(guess.judge("p", text("a grey wolf....."), 3_050))
        .contains(CanaryClassifier.Reason.TOGETHER);
    assertThat(guess.counters())
        .containsEntry("suspected.FIRST_CONTACT", 1L) // q's first was a seen input
        .containsEntry("real", 2L);
  }

  @Test
  void anInputSizeUnlikeTheRequestersHistoryIsSuspected() {
    long t = 0;
    guess.judge("p", text("x".repeat(100)), t += 1_000);
    guess.judge("p", text("y".repeat(110)), t += 1_000);
    guess.judge("p", text("z".repeat(90)), t += 1_000);
    assertThat(guess.judge("p", text("w".repeat(105)), t += 1_000)).isEmpty();
    assertThat(guess.judge("p", text("v".repeat(400)), t += 1_000))
        .contains(CanaryClassifier.Reason.ODD_SIZE);
    assertThat(guess.judge("p", text("u".repeat(20)), t += 1_000))
        .contains(CanaryClassifier.Reason.ODD_SIZE);
  }

  @Test
  void memoryIsBoundedToTheLastRequesters() {
    for (int i = 0; i <= CanaryClassifier.MAX_REQUESTERS; i++) {
      guess.judge("p" + i, text("input " + i), i * 1_000L);
    }
    // p0 was forgotten: first contact again (with a fresh input)
    assertThat(guess.judge("p0", text("fresh"), 10_000_000))
        .contains(CanaryClassifier.Reason.FIRST_CONTACT);
    assertThat(guess.judge("p" + CanaryClassifier.MAX_REQUESTERS, text("fresh too"), 20_000_000))
        .isEmpty();
  }
}
