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
  void garbageOnTheTaskProtocolIsResetAndTheNodeKeepsTakingTasks() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node silent = net.persona("silent", Persona.SILENT, "image.generate");
      var c =
          net.requester
              .host()
              .connect(silent.host().listenAddrs().get(0).withPeerId(silent.host().peerId()));
      byte[][] hostile = {
        {5, 1, 2, 3, 4, 5}, // a frame that is no task message
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f}, // a length far over the limit
        {9, 1}, // truncated
        io.ap2p.core.execution.task.TaskCodec.encodeFramed(
                new io.ap2p.core.execution.task.TaskMessage.Cancel("first"))
            .toByteArray() // a valid frame, but not an INVOKE
      };
      for (byte[] bytes : hostile) {
        var s = c.newStream(io.ap2p.core.execution.task.TaskCodec.PROTOCOL);
        s.out().write(bytes);
        s.out().flush();
        s.closeWrite();
        s.setReadTimeout(Duration.ofSeconds(15));
        assertThat(endsUnanswered(s)).isTrue();
      }
      PersonaNetwork.Seen later =
          net.invoke(silent, "image-gen", PROMPT, "application/json", Duration.ofMillis(500));
      assertThat(later.outcome()).isInstanceOf(TaskClient.Outcome.Broken.class);
      assertThat(silent.persona().orElseThrow().counters()).containsEntry("silenced", 1L);
    }
  }

  /** Whether {@code s} ends (closed or reset) with nothing sent on it. */
  private static boolean endsUnanswered(io.ap2p.net.host.Stream s) {
    try {
      return s.in().read() == -1;
    } catch (java.io.IOException e) {
      return true; // reset
    }
  }

  @Test
  void aTaskFloodIsHeldOnlyUpToItsBoundAndTheNodeStaysUp() throws Exception {
    try (PersonaNetwork net = new PersonaNetwork(dir)) {
      Node silent = net.persona("silent", Persona.SILENT, "image.generate");
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      for (int i = 0; i < SilentService.MAX_HELD + 20; i++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        net.invoke(
                            silent, "image-gen", PROMPT, "application/json", Duration.ofSeconds(3));
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }));
      }
      long most = 0;
      while (threads.stream().anyMatch(Thread::isAlive)) {
        most = Math.max(most, silent.persona().orElseThrow().counters().get("holding"));
        Thread.sleep(5);
      }
      assertThat(most).isPositive().isLessThanOrEqualTo(SilentService.MAX_HELD);
      assertThat(silent.persona().orElseThrow().counters().get("silenced")).isPositive();
      // still serving: a new task is taken (and not answered)
      PersonaNetwork.Seen later =
          net.invoke(silent, "image-gen", PROMPT, "application/json", Duration.ofMillis(500));
      assertThat(later.outcome()).isInstanceOf(TaskClient.Outcome.Broken.class);
    }
  }
}
