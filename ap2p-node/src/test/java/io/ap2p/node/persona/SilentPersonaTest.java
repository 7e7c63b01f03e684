package io.ap2p.node.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.Node;
import io.ap2p.node.execution.TaskClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The silent persona on real nodes: it takes a task and says nothing until the requester quits. */
class SilentPersonaTest {

  private static final String PROMPT = "{\"prompt\":\"a red fox\"}";

  @TempDir Path dir;

  @Test
  void takesTheTaskAndNeverAnswersUntilTheRequesterGivesUp() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node honest = net.honest("honest", "image.generate");
      Node silent = net.persona("silent", Persona.SILENT, "image.generate");
      Duration timeout = Duration.ofMillis(1_500);

      PersonaNetwork.Seen answered =
          net.invoke(honest, "image-gen", PROMPT, "application/json", timeout);
      PersonaNetwork.Seen seen =
          net.invoke(silent, "image-gen", PROMPT, "application/json", timeout);

      assertThat(answered.outcome()).isInstanceOf(TaskClient.Outcome.Completed.class);
      // no frame at all, not even an ERROR: the requester's own timeout ends it
      assertThat(seen.outcome()).isInstanceOf(TaskClient.Outcome.Broken.class);
      assertThat(seen.receivedAt() - seen.sentAt()).isGreaterThanOrEqualTo(1_400);
      assertThat(silent.persona().orElseThrow().counters()).containsEntry("silenced", 1L);
      assertThat(silent.tasks().counters()).containsEntry("succeeded", 0L);
    }
  }

  @Test
  void aTaskFloodIsHeldOnlyUpToItsBoundAndTheNodeStaysUp() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node silent = net.persona("silent", Persona.SILENT, "image.generate");
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger cutShort =
          new java.util.concurrent.atomic.AtomicInteger();
      for (int i = 0; i < SilentService.MAX_HELD + 20; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        PersonaNetwork.Seen s =
                            net.invoke(
                                silent,
                                "image-gen",
                                PROMPT,
                                "application/json",
                                Duration.ofSeconds(5));
                        if (s.receivedAt() - s.sentAt() < 4_000) {
                          cutShort.incrementAndGet(); // reset: over the bound
                        }
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(cutShort.get()).isPositive();
      assertThat(silent.persona().orElseThrow().counters().get("silenced")).isPositive();
      // still serving: a new task is taken (and not answered)
      PersonaNetwork.Seen later =
          net.invoke(silent, "image-gen", PROMPT, "application/json", Duration.ofMillis(500));
      assertThat(later.outcome()).isInstanceOf(TaskClient.Outcome.Broken.class);
    }
  }
}
