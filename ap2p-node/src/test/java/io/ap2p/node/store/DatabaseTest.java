package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.node.store.Schema.Migration;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, checking and migrating the database file. */
class DatabaseTest {

  @TempDir Path dir;

  @Test
  void anEmptyDirectoryGetsTheLatestSchemaInWalMode() throws Exception {
    try (Database db = Database.open(dir)) {
      assertThat(db.file()).isEqualTo(dir.toAbsolutePath().resolve("ap2p.db"));
      assertThat(db.schemaVersion()).isEqualTo(Schema.MIGRATIONS.size());
    }
    try (Connection c = raw()) {
      assertThat(query(c, "PRAGMA user_version"))
          .containsExactly(String.valueOf(Schema.MIGRATIONS.size()));
      assertThat(query(c, "PRAGMA journal_mode")).containsExactly("wal");
      assertThat(query(c, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
          .contains("capabilities", "outcomes", "receipts", "tasks", "evidence");
    }
  }

  @Test
  void theConnectionIsDurableAndChecksForeignKeys() {
    try (Database db = Database.open(dir)) {
      List<String> settings =
          db.call(
              "read settings",
              c ->
                  List.of(
                      query(c, "PRAGMA synchronous").get(0),
                      query(c, "PRAGMA foreign_keys").get(0),
                      query(c, "PRAGMA busy_timeout").get(0)));
      assertThat(settings).containsExactly("2", "1", "5000"); // 2 = FULL
    }
  }

  @Test
  void reopeningKeepsTheData() {
    try (Database db = dataDir(dir).openDatabase()) {
      db.capabilities().put("echo", "{\"cmd\":\"cat\"}", 5);
      db.tasks().insert(TaskRecord.started("t1", TaskRole.PROVIDER, "serve", "p", "echo", "{}", 6));
    }
    try (Database db = dataDir(dir).openDatabase()) {
      assertThat(db.capabilities().all())
          .containsExactly(new StoredCapability("echo", "{\"cmd\":\"cat\"}", 5));
      assertThat(db.tasks().get(TaskRole.PROVIDER, "t1")).isPresent();
    }
  }

  @Test
  void aDatabaseFromANewerAp2pIsRefusedNamingBothVersions() throws Exception {
    Database.open(dir).close();
    try (Connection c = raw();
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 7");
    }
    assertThatThrownBy(() -> Database.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("ap2p.db has schema version 7")
        .hasMessageContaining("versions up to " + Schema.MIGRATIONS.size())
        .hasMessageContaining("newer ap2p");
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws Exception {
    byte[] garbage = new byte[8192];
    new Random(1).nextBytes(garbage);
    Path file = dir.resolve(Database.FILE_NAME);
    Files.write(file, garbage);
    assertThatThrownBy(() -> Database.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not an SQLite database");
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);

    Files.writeString(file, "name,age\nada,36\n".repeat(100));
    assertThatThrownBy(() -> Database.open(dir)).hasMessageContaining("is not an SQLite database");
  }

  @Test
  void aDamagedDatabaseFailsItsCheckClearly() throws Exception {
    try (Database db = Database.open(dir)) {
      db.transaction(
          "fill",
          c -> {
            for (int i = 0; i < 200; i++) {
              db.capabilities().put("cap-" + i, "x".repeat(500), i); // the lock is reentrant
            }
            return null;
          });
    }
    Path file = dir.resolve(Database.FILE_NAME);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      // Keep page 1 (header, schema), wreck the b-tree pages after it.
      byte[] junk = new byte[4096 * 4];
      new Random(2).nextBytes(junk);
      f.seek(4096 * 2);
      f.write(junk);
    }
    assertThatThrownBy(() -> Database.open(dir))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("failed its integrity check")
        .hasMessageContaining("restore it from a backup");
  }

  @Test
  void aDirectoryWhereTheFileShouldBeIsRefused() throws Exception {
    Files.createDirectory(dir.resolve(Database.FILE_NAME));
    assertThatThrownBy(() -> Database.open(dir)).hasMessageContaining("is a directory");
  }

  @Test
  void eachMigrationIsOneTransaction() throws Exception {
    int n = Schema.MIGRATIONS.size();
    List<Migration> two = new ArrayList<>(Schema.MIGRATIONS);
    two.add(
        new Migration(
            n + 1, "a broken step", List.of("CREATE TABLE extra (x INTEGER)", "NOT SQL AT ALL")));
    assertThatThrownBy(() -> Database.open(dir, two))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot migrate")
        .hasMessageContaining("to schema version " + (n + 1) + " (a broken step)");
    try (Connection c = raw()) {
      // the released versions committed, the broken one not
      assertThat(query(c, "PRAGMA user_version")).containsExactly(String.valueOf(n));
      assertThat(query(c, "SELECT name FROM sqlite_schema WHERE name = 'extra'")).isEmpty();
    }
    List<Migration> fixed = new ArrayList<>(Schema.MIGRATIONS);
    fixed.add(new Migration(n + 1, "a good step", List.of("CREATE TABLE extra (x INTEGER)")));
    try (Database db = Database.open(dir, fixed)) {
      assertThat(db.schemaVersion()).isEqualTo(n + 1);
    }
  }

  @Test
  void migrationsMustBeNumberedInOrder() {
    List<Migration> gap = List.of(new Migration(2, "no first", List.of("SELECT 1")));
    assertThatThrownBy(() -> Database.open(dir, gap)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTransactionCommitsAllOrNothing() {
    try (Database db = Database.open(dir)) {
      assertThatThrownBy(
              () ->
                  db.transaction(
                      "fail halfway",
                      c -> {
                        db.capabilities().put("a", "{}", 1);
                        db.transaction("nested", n -> db.capabilities().remove("none"));
                        throw new IllegalStateException("boom");
                      }))
          .hasMessage("boom");
      assertThat(db.capabilities().all()).isEmpty();
      db.transaction(
          "both",
          c -> {
            db.capabilities().put("a", "{}", 1);
            return db.transaction("nested", n -> db.capabilities().remove("a"));
          });
      assertThat(db.capabilities().all()).isEmpty();
      db.capabilities().put("b", "{}", 2); // autocommit is back on
    }
    try (Database db = Database.open(dir)) {
      assertThat(db.capabilities().all()).extracting(StoredCapability::id).containsExactly("b");
    }
  }

  @Test
  void aClosedDatabaseSaysSo() {
    Database db = Database.open(dir);
    db.close();
    db.close(); // idempotent
    assertThatThrownBy(() -> db.capabilities().all())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is closed");
  }

  private static DataDir dataDir(Path dir) {
    try {
      return DataDir.open(dir);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private Connection raw() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
  }

  private static List<String> query(Connection c, String sql) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
