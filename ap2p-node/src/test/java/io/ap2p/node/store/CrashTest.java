package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 a writer five times in a row on one database: it opens clean each time and holds every
 * task whose insert was acknowledged.
 */
@Tag("slow")
class CrashTest {

  static final int ROUNDS = 5;

  @TempDir Path dir;

  @Test
  void noAcknowledgedWriteIsLostToSigkill() throws Exception {
    long seed = Long.getLong("ap2p.seed", System.nanoTime());
    System.out.println("CrashTest seed " + seed + " (rerun with -Dap2p.seed=" + seed + ")");
    Random random = new Random(seed);
    List<String> acknowledged = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      int killAfter = 1 + random.nextInt(500);
      acknowledged.addAll(runAndKill("r" + round, killAfter, seed));
      System.out.println("round " + round + ": killed after " + killAfter + " acknowledgements");
      try (Database db = Database.open(dir)) { // the integrity check runs here
        for (String id : acknowledged) {
          assertThat(db.tasks().get(TaskRole.REQUESTER, id))
              .as("acknowledged task %s after round %d (seed %d)", id, round, seed)
              .isPresent();
        }
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ROUNDS);
  }

  private List<String> runAndKill(String prefix, int killAfter, long seed) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path errors = dir.resolve(prefix + ".stderr");
    Process child =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                dir.toString(),
                prefix)
            .redirectError(errors.toFile())
            .start();
    List<String> ids = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (ids.size() < killAfter && (line = out.readLine()) != null) {
        ids.add(line);
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(ids)
        .as("acknowledgements before the kill (seed %d); the child said: %s", seed, stderr(errors))
        .hasSize(killAfter);
    return ids;
  }

  private static String stderr(Path errors) throws Exception {
    return Files.exists(errors) ? Files.readString(errors) : "";
  }
}
