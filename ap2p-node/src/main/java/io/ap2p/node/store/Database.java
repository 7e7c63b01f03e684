package io.ap2p.node.store;

import io.ap2p.node.store.Schema.Migration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;

/**
 * The node's embedded database, {@code ap2p.db} in its data directory: SQLite in write-ahead-log
 * mode with {@code synchronous=FULL}, so a write is on disk when its method returns.
 *
 * <p>Opening checks the file (an SQLite database, intact, not from a newer ap2p) and migrates its
 * schema. One connection serves every thread, one call at a time behind a {@link ReentrantLock}
 * (which, unlike {@code synchronized}, does not pin a waiting virtual thread to its carrier).
 */
public final class Database implements AutoCloseable {

  /** The database's file name inside the data directory. */
  public static final String FILE_NAME = "ap2p.db";

  /** How long a write waits for another process's lock on the file before failing. */
  static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private final Path file;
  private final Connection connection;
  private final int schemaVersion;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private final CapabilityStore capabilities = new CapabilityStore(this);
  private final TaskStore tasks = new TaskStore(this);
  private final ReceiptStore receipts = new ReceiptStore(this);
  private final OutcomeStore outcomes = new OutcomeStore(this);
  private final EvidenceStore evidence = new EvidenceStore(this);
  private final RevocationStore revocations = new RevocationStore(this);
  private final IdentityProofStore identityProofs = new IdentityProofStore(this);

  private Database(Path file, Connection connection, int schemaVersion) {
    this.file = file;
    this.connection = connection;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Opens (creating if absent) {@code dataDir/ap2p.db}, checks it and migrates it to the latest
   * schema.
   *
   * @throws StoreException if the file is not an SQLite database, fails its integrity check, was
   *     written by a newer ap2p, or cannot be opened or migrated; the message names the file
   */
  public static Database open(Path dataDir) {
    return open(dataDir, Schema.MIGRATIONS);
  }

  static Database open(Path dataDir, List<Migration> migrations) {
    Path file = dataDir.toAbsolutePath().resolve(FILE_NAME);
    if (Files.isDirectory(file)) {
      throw new StoreException(file + " is a directory, not a database");
    }
    Connection c;
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
      // Take the write lock when a transaction begins, so waiting for it uses the busy timeout.
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      c = JDBC.createConnection(JDBC.PREFIX + file, config.toProperties());
    } catch (SQLException e) {
      throw cannotOpen(file, e);
    }
    try {
      configure(c, file);
      checkIntegrity(c, file);
      int version = Migrator.migrate(c, file, migrations);
      return new Database(file, c, version);
    } catch (SQLException e) {
      closeQuietly(c);
      throw cannotOpen(file, e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void configure(Connection c, Path file) throws SQLException {
    try (Statement s = c.createStatement()) {
      String mode;
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
        mode = rs.next() ? rs.getString(1) : "unknown";
      }
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StoreException(
            file + " cannot use write-ahead logging (its journal mode stays " + mode + ")");
      }
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA foreign_keys=ON");
    }
  }

  private static void checkIntegrity(Connection c, Path file) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
      while (rs.next()) {
        problems.add(rs.getString(1));
      }
    }
    if (!problems.equals(List.of("ok"))) {
      throw new StoreException(
          file
              + " failed its integrity check ("
              + String.join("; ", problems)
              + "): restore it from a backup, or move it aside to start with an empty one");
    }
  }

  private static StoreException cannotOpen(Path file, SQLException e) {
    String why =
        switch (e.getErrorCode()) {
          case SQLITE_NOTADB ->
              " is not an SQLite database: move it aside, or choose another data directory";
          case SQLITE_CORRUPT ->
              " is corrupt: restore it from a backup, or move it aside to start with an empty one";
          case SQLITE_CANTOPEN ->
              " cannot be opened: check that its directory exists and is writable";
          default -> " cannot be opened";
        };
    return new StoreException(file + why + " (" + e.getMessage() + ")", e);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // already failing with a better message
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  /** The schema version the database has (the latest this code knows). */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** The capabilities this node serves. */
  public CapabilityStore capabilities() {
    return capabilities;
  }

  /** The task log of both sides. */
  public TaskStore tasks() {
    return tasks;
  }

  /** Receipts given and received. */
  public ReceiptStore receipts() {
    return receipts;
  }

  /** The evidence kept of delegated steps, for disputes. */
  public EvidenceStore evidence() {
    return evidence;
  }

  /** Outcomes seen of other peers' work. */
  public OutcomeStore outcomes() {
    return outcomes;
  }

  /** Signed revocations held, and the key hand-overs reputation was carried across. */
  public RevocationStore revocations() {
    return revocations;
  }

  /** The identity proofs minted for this node's keys. */
  public IdentityProofStore identityProofs() {
    return identityProofs;
  }

  /** Work on the connection: SQL that may fail. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} alone on the connection. Each statement commits on its own (autocommit), so a
   * write is durable when this returns.
   *
   * @param what what the work does, for the error message ("insert task t1")
   */
  <T> T call(String what, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction, committed before this returns or rolled back. Called
   * inside another transaction, it joins that one.
   */
  <T> T transaction(String what, Work<T> work) {
    return call(
        what,
        c -> {
          if (!c.getAutoCommit()) {
            return work.run(c);
          }
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        });
  }

  /**
   * Runs {@code work}, calls to this database's stores, in one transaction: one durable commit for
   * all of them, or none on failure.
   *
   * @param what what the work does, for the error message
   */
  public void atomically(String what, Runnable work) {
    transaction(
        what,
        c -> {
          work.run();
          return null;
        });
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("the database " + file + " is closed");
    }
  }

  /** Closes the database; later calls fail with a {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
