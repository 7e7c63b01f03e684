package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 3 keeps a version-2 database's outcomes; a hand-over moves them to the successor once;
 * revocations are kept until their retention ends.
 */
class RevocationStoreTest {

  @TempDir Path dir;

  @Test
  void aHandOverMovesAVersionTwoDatabasesOutcomesOnce() {
    try (Database v2 = Database.open(dir, Schema.MIGRATIONS.subList(0, 2))) {
      v2.outcomes().record("old", "text.summarize", true, "result", 10);
      v2.outcomes().record("old", "text.summarize", false, "error", 11);
      v2.outcomes().record("other", "text.summarize", true, "result", 12);
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.schemaVersion()).isEqualTo(Schema.MIGRATIONS.size());
      assertThat(db.revocations().handOver("old", "new", 20)).isEqualTo(2);
      assertThat(db.revocations().handOver("old", "new", 21)).isZero(); // recorded once
      assertThat(db.outcomes().recent("new", 10)).hasSize(2);
      assertThat(db.outcomes().recent("old", 10)).isEmpty();
      assertThat(db.outcomes().recent("other", 10)).hasSize(1);
      db.revocations().handOver("new", "newer", 30);
      Map<String, String> s = db.revocations().successions();
      assertThat(RevocationStore.latest(s, "old")).isEqualTo("newer");
      assertThat(RevocationStore.latest(s, "other")).isEqualTo("other");
    }
  }

  @Test
  void revocationsAreKeptUntilTheirRetentionAndOnce() {
    try (Database db = Database.open(dir)) {
      db.revocations().add("p", Bytes.wrap(new byte[] {1}), 100);
      db.revocations().add("p", Bytes.wrap(new byte[] {1}), 100);
      db.revocations().add("q", Bytes.wrap(new byte[] {2}), 200);
      assertThat(db.revocations().live(50))
          .containsExactly(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {2}));
      assertThat(db.revocations().live(100)).containsExactly(Bytes.wrap(new byte[] {2}));
      assertThatThrownBy(() -> db.revocations().add("p", Bytes.wrap(new byte[513]), 300))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> db.revocations().handOver("", "x", 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aVoidHandOverMovesTheOutcomesBackOnce() {
    try (Database db = Database.open(dir)) {
      db.outcomes().record("old", "text.summarize", true, "result", 10);
      db.revocations().handOver("old", "thief", 20);
      db.outcomes().record("thief", "text.summarize", true, "result", 21);
      assertThat(db.revocations().voidHandOver("old", "thief")).isEqualTo(2);
      assertThat(db.revocations().voidHandOver("old", "thief")).isZero();
      assertThat(db.revocations().voidHandOver("other", "x")).isZero();
      assertThat(db.outcomes().recent("old", 10)).hasSize(2);
      assertThat(db.outcomes().recent("thief", 10)).isEmpty();
      assertThat(db.revocations().successions()).isEmpty();
      db.revocations().tombstone("old", 30);
      db.revocations().tombstone("old", 31);
      assertThat(db.revocations().tombstones()).containsExactly("old");
    }
  }

  @Test
  void aChainOfHandOversThatLoopsEndsAtTheLastKeyNotSeenBefore() {
    assertThat(RevocationStore.latest(Map.of("a", "b", "b", "a"), "a")).isEqualTo("b");
    assertThat(RevocationStore.latest(Map.of("a", "b", "b", "c", "c", "b"), "a")).isEqualTo("c");
    Map<String, String> long20 = new java.util.HashMap<>();
    for (int i = 0; i < 20; i++) {
      long20.put("k" + i, "k" + (i + 1));
    }
    assertThat(RevocationStore.latest(long20, "k0")).isEqualTo("k16"); // the depth cap
    assertThat(RevocationStore.latest(long20, "k10")).isEqualTo("k20");
  }
}
