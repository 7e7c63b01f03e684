package io.ap2p.node.store;

import io.ap2p.node.store.Schema.Migration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database to the latest schema version, one transaction per migration, and refuses a
 * database written by a newer version of ap2p.
 */
final class Migrator {

  private Migrator() {}

  /**
   * Applies the migrations {@code c}'s database lacks.
   *
   * @return the schema version the database now has
   * @throws StoreException if the database is newer than {@code migrations} or a migration fails
   *     (its transaction is rolled back, so the database keeps its previous version)
   */
  static int migrate(Connection c, Path file, List<Migration> migrations) throws SQLException {
    Schema.checkOrder(migrations);
    int latest = migrations.size();
    int current = userVersion(c);
    if (current > latest) {
      throw new StoreException(
          file
              + " has schema version "
              + current
              + " but this ap2p knows only versions up to "
              + latest
              + ": it was written by a newer ap2p. Run that version, or choose another data"
              + " directory.");
    }
    if (current < 0) {
      throw new StoreException(file + " has schema version " + current + ": not an ap2p database");
    }
    for (Migration m : migrations.subList(current, latest)) {
      apply(c, file, m);
    }
    return latest;
  }

  private static void apply(Connection c, Path file, Migration m) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String sql : m.statements()) {
        s.execute(sql);
      }
      s.execute("PRAGMA user_version = " + m.version());
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw new StoreException(
          "cannot migrate "
              + file
              + " to schema version "
              + m.version()
              + " ("
              + m.purpose()
              + "): "
              + e.getMessage(),
          e);
    } finally {
      c.setAutoCommit(true);
    }
  }

  static int userVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
