package io.ap2p.node.store;

import java.nio.file.Path;

/**
 * The child process of {@link CrashTest}: inserts task rows as fast as it can and prints each
 * task's id once its insert has returned (is acknowledged), until it is killed.
 *
 * <p>Arguments: the data directory and a prefix for the task ids.
 */
public final class CrashWriter {

  private CrashWriter() {}

  /** Runs until killed. */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    try (Database db = Database.open(dir)) {
      for (long i = 0; ; i++) {
        String id = prefix + "-" + i;
        db.tasks()
            .insert(TaskRecord.started(id, TaskRole.REQUESTER, "invoke", "peer", "echo", "{}", i));
        System.out.println(id);
        System.out.flush();
      }
    }
  }
}
