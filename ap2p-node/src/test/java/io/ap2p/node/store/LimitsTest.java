package io.ap2p.node.store;

import static io.ap2p.node.store.TaskRole.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oversized values are refused, naming the field, before they reach the database. */
class LimitsTest {

  @TempDir Path dir;

  static final String LONG_ID = "i".repeat(Limits.MAX_ID_CHARS + 1);
  static final String MAX_ID = "i".repeat(Limits.MAX_ID_CHARS);

  @Test
  void idsAreAtMost256Characters() {
    try (Database db = Database.open(dir)) {
      assertThatThrownBy(() -> db.capabilities().put(LONG_ID, "{}", 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("id has 257 characters, more than 256");
      assertThatThrownBy(() -> db.capabilities().put("", "{}", 1)).hasMessage("id is empty");
      assertThatThrownBy(() -> started(LONG_ID, "peer")).hasMessageStartingWith("taskId has 257");
      assertThatThrownBy(() -> started("t", LONG_ID)).hasMessageStartingWith("peer has 257");
      assertThatThrownBy(() -> db.outcomes().record("p", LONG_ID, true, "task", 1))
          .hasMessageStartingWith("tag has 257");
      assertThatThrownBy(() -> db.tasks().update(REQUESTER, "t", LONG_ID, "", "", 1))
          .hasMessageStartingWith("state has 257");
      db.capabilities().put(MAX_ID, "{}", 1);
      assertThat(db.capabilities().all()).hasSize(1);
    }
  }

  @Test
  void detailIsAtMost4KibAndJsonAtMost1MibOfUtf8() {
    try (Database db = Database.open(dir)) {
      db.tasks().insert(started("t", "p"));
      String detail = "d".repeat(Limits.MAX_DETAIL_BYTES);
      assertThat(db.tasks().update(REQUESTER, "t", "FAILED", detail, "", 2)).isTrue();
      // 2,049 two-byte characters: within 4,096 characters, over 4,096 bytes.
      String wide = "é".repeat(Limits.MAX_DETAIL_BYTES / 2 + 1);
      assertThatThrownBy(() -> db.tasks().update(REQUESTER, "t", "FAILED", wide, "", 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("detail is longer than 4096 bytes of UTF-8");

      String json = "\"" + "j".repeat(Limits.MAX_JSON_BYTES - 2) + "\"";
      assertThat(db.tasks().update(REQUESTER, "t", "SUCCEEDED", "", json, 3)).isTrue();
      assertThat(db.tasks().get(REQUESTER, "t").orElseThrow().result()).isEqualTo(json);
      String tooBig = json + " ";
      assertThatThrownBy(() -> db.tasks().update(REQUESTER, "t", "SUCCEEDED", "", tooBig, 3))
          .hasMessage("result is longer than 1048576 bytes of UTF-8");
      assertThatThrownBy(() -> db.capabilities().put("c", tooBig, 1))
          .hasMessage("config is longer than 1048576 bytes of UTF-8");
      assertThatThrownBy(() -> TaskRecord.started("t2", REQUESTER, "invoke", "p", "c", tooBig, 1))
          .hasMessage("request is longer than 1048576 bytes of UTF-8");
    }
  }

  @Test
  void nullsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> started("t", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("peer");
    assertThatThrownBy(() -> TaskRecord.started("t", null, "invoke", "", "", "", 1))
        .hasMessage("role");
  }

  @Test
  void utf8LengthCountsLikeTheEncoder() {
    for (String s : new String[] {"", "abc", "é", "✓", "𝄞", "a𝄞é✓"}) {
      assertThat(Limits.utf8Length(s)).as(s).isEqualTo(utf8(s).length);
    }
    // A lone surrogate counts three bytes: never less than whatever an encoder makes of it.
    for (String s : new String[] {"\uD800", "x\uDC00y", "\uD800\uD800"}) {
      assertThat(Limits.utf8Length(s)).as(s).isGreaterThanOrEqualTo(utf8(s).length);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static TaskRecord started(String taskId, String peer) {
    return TaskRecord.started(taskId, REQUESTER, "invoke", peer, "cap", "", 1);
  }
}
