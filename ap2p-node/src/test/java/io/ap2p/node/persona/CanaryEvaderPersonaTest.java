package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary-evader on real nodes: honest on what it takes for a canary (judged only from what it
 * receives), wrong on a lone real task.
 */
class CanaryEvaderPersonaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private static String prompt(String p) {
    return "{\"prompt\":\"" + p + "\"}";
  }

  private static Bytes image(String p) {
    return ImageGenerateHandler.render(p, 256, 256);
  }

  @Test
  void answersSuspectedCanariesHonestlyAndALoneRealTaskWrongly() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node evader = net.persona("evader", Persona.CANARY_EVADER, "image.generate");

      // first contact: taken for a probe
      PersonaNetwork.Seen first =
          net.invoke(evader, "image-gen", prompt("a red fox"), "application/json", TIMEOUT);
      Thread.sleep(300);
      // a lone task with a new input of the usual size: taken for real work
      PersonaNetwork.Seen lone =
          net.invoke(evader, "image-gen", prompt("a tan cat"), "application/json", TIMEOUT);
      Thread.sleep(300);
      // the first input again: a canary set's reused input
      PersonaNetwork.Seen again =
          net.invoke(evader, "image-gen", prompt("a red fox"), "application/json", TIMEOUT);

      assertThat(first.completed().result().output()).isEqualTo(image("a red fox"));
      assertThat(lone.completed().result().output())
          .isNotEqualTo(image("a tan cat"))
          .isEqualTo(image("not a tan cat"));
      assertThat(again.completed().result().output()).isEqualTo(image("a red fox"));
      assertThat(evader.persona().orElseThrow().counters())
          .containsEntry("guess.suspected.FIRST_CONTACT", 1L)
          .containsEntry("guess.suspected.SEEN_INPUT", 1L)
          .containsEntry("guess.real", 1L)
          .containsEntry("honest", 2L)
          .containsEntry("forged", 1L);
      // the lie still carries a receipt that verifies
      assertThat(
              SybilPersonaTest.verify(
                  evader.host().peerId(), lone, "image-gen", "builtin/image.generate/1"))
          .isTrue();
    }
  }

  @Test
  void twoTasksArrivingTogetherMakeTheSecondLookLikeACanary() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node evader = net.persona("evader", Persona.CANARY_EVADER, "image.generate");
      net.invoke(evader, "image-gen", prompt("a warm up"), "application/json", TIMEOUT);
      Thread.sleep(300);

      List<CompletableFuture<PersonaNetwork.Seen>> pair = new ArrayList<>();
      for (String p : List.of("a blue owl", "a pink elk")) {
        pair.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return net.invoke(evader, "image-gen", prompt(p), "application/json", TIMEOUT);
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }));
      }
      Bytes owl = pair.get(0).get().completed().result().output();
      Bytes elk = pair.get(1).get().completed().result().output();

      // on a loaded machine the two may reach the handler more than 100 ms apart: then the rule
      // (checked on chosen times in CanaryGuessTest) rightly does not fire
      org.junit.jupiter.api.Assumptions.assumeTrue(
          evader.persona().orElseThrow().counters().get("guess.suspected.TOGETHER") == 1L,
          "the two tasks arrived more than 100 ms apart");
      // whichever arrived second was answered honestly, the other wrongly
      boolean owlHonest = owl.equals(image("a blue owl"));
      boolean elkHonest = elk.equals(image("a pink elk"));
      assertThat(owlHonest ^ elkHonest).as("exactly one honest answer").isTrue();
      assertThat(evader.persona().orElseThrow().counters())
          .containsEntry("guess.suspected.TOGETHER", 1L);
    }
  }
}
