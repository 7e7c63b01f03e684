package io.ap2p.node.store;

import static io.ap2p.node.store.TaskRole.PROVIDER;
import static io.ap2p.node.store.TaskRole.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskStoreTest {

  @TempDir Path dir;
  Database db;
  TaskStore tasks;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    tasks = db.tasks();
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void insertGetAndUpdate() {
    TaskRecord t = TaskRecord.started("t1", REQUESTER, "invoke", "peerA", "echo", "{\"x\":1}", 100);
    tasks.insert(t);
    assertThat(tasks.get(REQUESTER, "t1")).contains(t);
    assertThat(tasks.get(PROVIDER, "t1")).isEmpty();

    assertThat(tasks.update(REQUESTER, "t1", TaskRecord.SUCCEEDED, "", "{\"y\":2}", 150)).isTrue();
    assertThat(tasks.get(REQUESTER, "t1"))
        .contains(
            new TaskRecord(
                "t1",
                REQUESTER,
                "invoke",
                "peerA",
                "echo",
                "SUCCEEDED",
                "",
                "{\"x\":1}",
                "{\"y\":2}",
                100,
                150));
    assertThat(tasks.update(REQUESTER, "nope", "FAILED", "", "", 1)).isFalse();
  }

  @Test
  void theSameIdMayBeLoggedOnceOnEachSide() {
    tasks.insert(TaskRecord.started("t1", REQUESTER, "invoke", "me", "echo", "", 1));
    tasks.insert(TaskRecord.started("t1", PROVIDER, "serve", "me", "echo", "", 2));
    assertThatThrownBy(
            () -> tasks.insert(TaskRecord.started("t1", PROVIDER, "serve", "x", "echo", "", 3)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("t1 (PROVIDER)")
        .hasMessageContaining("already in the log");
    assertThat(tasks.get(PROVIDER, "t1").orElseThrow().peer()).isEqualTo("me");
  }

  @Test
  void recentIsNewestFirstPerRole() {
    tasks.insert(TaskRecord.started("a", REQUESTER, "invoke", "", "c", "", 10));
    tasks.insert(TaskRecord.started("b", REQUESTER, "invoke", "", "c", "", 30));
    tasks.insert(TaskRecord.started("c", REQUESTER, "invoke", "", "c", "", 20));
    tasks.insert(TaskRecord.started("d", REQUESTER, "workflow", "", "", "", 30)); // tie: later wins
    tasks.insert(TaskRecord.started("p", PROVIDER, "serve", "", "c", "", 40));
    assertThat(tasks.recent(REQUESTER, 10))
        .extracting(TaskRecord::taskId)
        .containsExactly("d", "b", "c", "a");
    assertThat(tasks.recent(REQUESTER, 2)).extracting(TaskRecord::taskId).containsExactly("d", "b");
    assertThat(tasks.recent(PROVIDER, 10)).extracting(TaskRecord::taskId).containsExactly("p");
    assertThat(tasks.recent(PROVIDER, 0)).isEmpty();
    assertThatThrownBy(() -> tasks.recent(PROVIDER, -1)).hasMessageContaining("limit -1");
    assertThatThrownBy(() -> tasks.recent(PROVIDER, Limits.MAX_RECENT + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void markInterruptedTouchesOnlyRunningTasksOfBothSides() {
    tasks.insert(TaskRecord.started("r1", REQUESTER, "invoke", "", "c", "", 1));
    tasks.insert(TaskRecord.started("p1", PROVIDER, "serve", "", "c", "", 1));
    tasks.insert(TaskRecord.started("done", PROVIDER, "serve", "", "c", "", 1));
    tasks.update(PROVIDER, "done", TaskRecord.SUCCEEDED, "fine", "{}", 2);

    assertThat(tasks.markInterrupted(99)).isEqualTo(2);
    TaskRecord r1 = tasks.get(REQUESTER, "r1").orElseThrow();
    assertThat(r1.state()).isEqualTo(TaskRecord.INTERRUPTED);
    assertThat(r1.detail()).isEqualTo("node restarted");
    assertThat(r1.updatedAtMillis()).isEqualTo(99);
    assertThat(tasks.get(PROVIDER, "p1").orElseThrow().state()).isEqualTo("INTERRUPTED");
    TaskRecord done = tasks.get(PROVIDER, "done").orElseThrow();
    assertThat(done.state()).isEqualTo("SUCCEEDED");
    assertThat(done.detail()).isEqualTo("fine");
    assertThat(tasks.markInterrupted(100)).isZero();
  }

  @Test
  void markInterruptedAfterAReopen() {
    tasks.insert(TaskRecord.started("r1", REQUESTER, "invoke", "", "c", "", 1));
    db.close();
    db = Database.open(dir);
    assertThat(db.tasks().markInterrupted(5)).isEqualTo(1);
  }
}
