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

  @Test
  void pruneDropsTheTooOldAndAllButTheNewestRows() {
    try (Database db = Database.open(dir)) {
      long day = 86_400_000L;
      long now = 100 * day;
      db.outcomes().record("old", "t.a", true, "result", now - 57 * day);
      for (int i = 0; i < 5; i++) {
        db.outcomes().record("p" + i, "t.a", i % 2 == 0, "result", now - i);
      }
      assertThat(db.outcomes().prune(now)).isEqualTo(1);
      assertThat(db.outcomes().count()).isEqualTo(5);
      assertThat(db.outcomes().prune(now, java.time.Duration.ofDays(56), 3)).isEqualTo(2);
      assertThat(db.outcomes().all()).extracting(Outcome::peer).containsExactly("p2", "p3", "p4");
    }
  }

  @Test
  void forgetAndRecentWorkPerPeer() {
    try (Database db = Database.open(dir)) {
      db.outcomes().record("a", "t.a", true, "result", 1);
      db.outcomes().record("b", "t.a", false, "timeout", 2);
      db.outcomes().record("a", "t.b", false, "canary", 3);
      assertThat(db.outcomes().recent("a", 10))
          .extracting(Outcome::kind)
          .containsExactly("canary", "result");
      assertThat(db.outcomes().recent("a", 1)).hasSize(1);
      assertThat(db.outcomes().recent("a", -5)).isEmpty();
      assertThat(db.outcomes().forget("a")).isEqualTo(2);
      assertThat(db.outcomes().forget("a")).isZero();
      assertThat(db.outcomes().all()).extracting(Outcome::peer).containsExactly("b");
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.outcomes().recent("a", 10)).isEmpty();
    }
  }

  @Test
  void recordingPrunesEveryThousandRecords() {
    try (Database db = Database.open(dir)) {
      db.outcomes().record("ancient", "t.a", true, "result", 0);
      long now = 365L * 86_400_000L;
      for (int i = 0; i < OutcomeStore.PRUNE_EVERY - 1; i++) {
        db.outcomes().record("p", "t.a", true, "result", now);
      }
      assertThat(db.outcomes().recent("ancient", 1)).isEmpty();
      assertThat(db.outcomes().count()).isEqualTo(OutcomeStore.PRUNE_EVERY - 1);
    }
  }
}
