package io.ap2p.node.store;

import java.util.List;

/**
 * The database's schema as an ordered list of migrations. Migration {@code n} takes a database from
 * version {@code n - 1} to {@code n} ({@code PRAGMA user_version}); a released migration is never
 * edited, only followed by a new one.
 */
final class Schema {

  /** One step: the statements that take the schema to {@code version}. */
  record Migration(int version, String purpose, List<String> statements) {
    Migration {
      if (version < 1) {
        throw new IllegalArgumentException("migration version " + version + " < 1");
      }
      statements = List.copyOf(statements);
    }
  }

  /** Every migration, in order; the last one's version is the version this code writes. */
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "capabilities, tasks, receipts and outcomes",
              List.of(
                  """
                  CREATE TABLE capabilities (
                    id TEXT PRIMARY KEY,
                    config TEXT NOT NULL,
                    added_at_millis INTEGER NOT NULL
                  ) STRICT""",
                  """
                  CREATE TABLE tasks (
                    task_id TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('REQUESTER', 'PROVIDER')),
                    kind TEXT NOT NULL,
                    peer TEXT NOT NULL,
                    capability TEXT NOT NULL,
                    state TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    request TEXT NOT NULL,
                    result TEXT NOT NULL,
                    created_at_millis INTEGER NOT NULL,
                    updated_at_millis INTEGER NOT NULL,
                    PRIMARY KEY (task_id, role)
                  ) STRICT""",
                  "CREATE INDEX tasks_by_age ON tasks (role, created_at_millis)",
                  "CREATE INDEX tasks_running ON tasks (state) WHERE state = 'RUNNING'",
                  """
                  CREATE TABLE receipts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    direction TEXT NOT NULL CHECK (direction IN ('GIVEN', 'RECEIVED')),
                    task_id TEXT NOT NULL,
                    peer TEXT NOT NULL,
                    capability TEXT NOT NULL,
                    encoded BLOB NOT NULL,
                    hash BLOB NOT NULL CHECK (length(hash) = 32),
                    at_millis INTEGER NOT NULL
                  ) STRICT""",
                  "CREATE INDEX receipts_by_task ON receipts (task_id)",
                  "CREATE INDEX receipts_by_direction ON receipts (direction, id)",
                  """
                  CREATE TABLE outcomes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    peer TEXT NOT NULL,
                    tag TEXT NOT NULL,
                    ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
                    kind TEXT NOT NULL,
                    at_millis INTEGER NOT NULL
                  ) STRICT""")),
          new Migration(
              2,
              "receipt prices for the reciprocity ledger; the evidence of delegated tasks",
              List.of(
                  "ALTER TABLE receipts ADD COLUMN price_micros INTEGER NOT NULL DEFAULT 1000000"
                      + " CHECK (price_micros > 0)",
                  "CREATE INDEX receipts_by_peer ON receipts (peer, direction)",
                  """
                  CREATE TABLE evidence (
                    task_id TEXT PRIMARY KEY,
                    sent_task_id TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    capability TEXT NOT NULL,
                    descriptor BLOB NOT NULL,
                    request_digest BLOB NOT NULL CHECK (length(request_digest) = 32),
                    nonce BLOB NOT NULL,
                    at_millis INTEGER NOT NULL
                  ) STRICT""")),
          new Migration(
              3,
              "signed revocations this node holds; key hand-overs it carried reputation across",
              List.of(
                  """
                  CREATE TABLE revocations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    peer TEXT NOT NULL,
                    encoded BLOB NOT NULL UNIQUE CHECK (length(encoded) <= 512),
                    retain_until_millis INTEGER NOT NULL
                  ) STRICT""",
                  """
                  CREATE TABLE successions (
                    old_peer TEXT PRIMARY KEY,
                    new_peer TEXT NOT NULL,
                    at_millis INTEGER NOT NULL
                  ) STRICT""")),
          new Migration(
              4,
              "keys this node refuses for good: compromised keys it holds records of, void successors",
              List.of(
                  """
                  CREATE TABLE revoked_keys (
                    peer TEXT PRIMARY KEY,
                    at_millis INTEGER NOT NULL
                  ) STRICT""")),
          new Migration(
              5,
              "identity proofs this node minted for its keys (a price on identities)",
              List.of(
                  """
                  CREATE TABLE identity_proofs (
                    peer TEXT PRIMARY KEY,
                    counter BLOB NOT NULL CHECK (length(counter) = 8),
                    bits INTEGER NOT NULL CHECK (bits BETWEEN 0 AND 256),
                    hashes INTEGER NOT NULL CHECK (hashes >= 0),
                    at_millis INTEGER NOT NULL
                  ) STRICT""")));

  private Schema() {}

  /** Checks that {@code migrations} are numbered 1, 2, 3… with no gap. */
  static void checkOrder(List<Migration> migrations) {
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(
            "migration " + i + " has version " + migrations.get(i).version() + ", not " + (i + 1));
      }
    }
  }
}
