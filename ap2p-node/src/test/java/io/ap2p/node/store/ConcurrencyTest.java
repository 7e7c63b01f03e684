package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.wire.Bytes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads share one database: every write lands. */
class ConcurrencyTest {

  static final int THREADS = 8;
  static final int PER_THREAD = 25;

  @TempDir Path dir;

  @Test
  void eightWritersOnVirtualThreadsAllLand() throws Exception {
    try (Database db = Database.open(dir);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  write(db, thread);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      int total = THREADS * PER_THREAD;
      List<TaskRecord> tasks = db.tasks().recent(TaskRole.PROVIDER, Limits.MAX_RECENT);
      assertThat(tasks).hasSize(total);
      assertThat(tasks).filteredOn(t -> t.state().equals("SUCCEEDED")).hasSize(THREADS);
      assertThat(db.receipts().count(ReceiptDirection.GIVEN)).isEqualTo(total);
      for (TaskRecord t : tasks) {
        assertThat(db.receipts().forTask(t.taskId())).hasSize(1);
      }
      assertThat(db.outcomes().all()).hasSize(THREADS);
      assertThat(db.capabilities().all()).hasSize(THREADS);
    }
  }

  private static void write(Database db, int thread) {
    for (int i = 0; i < PER_THREAD; i++) {
      String id = "t" + thread + "-" + i;
      db.tasks().insert(TaskRecord.started(id, TaskRole.PROVIDER, "serve", "p", "c", "{}", i));
      db.receipts().add(receipt(id, thread, i));
    }
    db.tasks().update(TaskRole.PROVIDER, "t" + thread + "-0", "SUCCEEDED", "", "{}", 1);
    db.outcomes().record("p" + thread, "tag", true, "task", thread);
    db.capabilities().put("cap-" + thread, "{\"n\":" + thread + "}", thread);
  }

  private static StoredReceipt receipt(String taskId, int thread, int i) {
    byte[] hash = new byte[32];
    hash[0] = (byte) thread;
    hash[1] = (byte) i;
    return new StoredReceipt(
        ReceiptDirection.GIVEN, taskId, "p", "c", Bytes.of(new byte[] {1}), Bytes.wrap(hash), i);
  }
}
