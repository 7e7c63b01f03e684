package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeStoreTest {

  @TempDir Path dir;

  @Test
  void outcomesComeBackInTheOrderRecordedAfterAReopen() {
    try (Database db = Database.open(dir)) {
      db.outcomes().record("peerB", "image.generate", true, "task", 30);
      db.outcomes().record("peerA", "", false, "canary", 10);
      db.outcomes().record("peerB", "image.generate", false, "receipt", 20);
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.outcomes().all())
          .containsExactly(
              new Outcome("peerB", "image.generate", true, "task", 30),
              new Outcome("peerA", "", false, "canary", 10),
              new Outcome("peerB", "image.generate", false, "receipt", 20));
    }
  }
}
