package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migration 2 keeps version-1 receipts (priced at one unit) and sums receipts per peer. */
class LedgerMigrationTest {

  @TempDir Path dir;

  static StoredReceipt receipt(ReceiptDirection d, String task, String peer, long price) {
    byte[] hash = new byte[32];
    hash[0] = (byte) task.hashCode();
    return new StoredReceipt(
        d, task, peer, "cap", Bytes.wrap(new byte[] {1}), Bytes.wrap(hash), 5, price);
  }

  @Test
  void aVersionOneDatabaseKeepsItsReceiptsAtOneUnitEach() throws Exception {
    try (Database v1 = Database.open(dir, Schema.MIGRATIONS.subList(0, 1))) {
      v1.call(
          "insert a version-1 receipt",
          c -> {
            try (var st = c.createStatement()) {
              return st.executeUpdate(
                  "INSERT INTO receipts (direction, task_id, peer, capability, encoded, hash,"
                      + " at_millis) VALUES ('GIVEN', 'a/t1', 'a', 'cap', x'01', zeroblob(32), 5)");
            }
          });
    }
    try (Database db = Database.open(dir)) {
      db.receipts().add(receipt(ReceiptDirection.GIVEN, "a/t2", "a", 250_000));
      db.receipts().add(receipt(ReceiptDirection.RECEIVED, "run/s", "a", 3_000_000));
      db.receipts().add(receipt(ReceiptDirection.RECEIVED, "run/s2", "b", 1));
      assertThat(db.receipts().totals())
          .containsExactly(
              new ReceiptStore.Totals("a", ReceiptDirection.GIVEN, 2, 1_250_000),
              new ReceiptStore.Totals("a", ReceiptDirection.RECEIVED, 1, 3_000_000),
              new ReceiptStore.Totals("b", ReceiptDirection.RECEIVED, 1, 1));
      assertThat(db.receipts().matching("t2", 10))
          .extracting(StoredReceipt::taskId)
          .containsExactly("a/t2");
      assertThat(db.receipts().matching("run", 10))
          .extracting(StoredReceipt::taskId)
          .containsExactly("run/s", "run/s2");
      assertThat(db.receipts().matching("ru", 10)).isEmpty();
    }
  }

  @Test
  void evidenceIsKeptPerStepAndFoundByRun() {
    try (Database db = Database.open(dir)) {
      StoredEvidence e =
          new StoredEvidence(
              "run/s",
              "run-s-1",
              "p",
              "cap",
              Bytes.wrap(new byte[] {'{', '}'}),
              Bytes.wrap(new byte[32]),
              Bytes.wrap(new byte[8]),
              7);
      db.evidence().put(e);
      db.evidence().put(e); // replaced, not doubled
      assertThat(db.evidence().matching("run", 10)).containsExactly(e);
      assertThat(db.evidence().matching("run/s", 10)).containsExactly(e);
      assertThat(db.evidence().matching("other", 10)).isEmpty();
    }
  }

  @Test
  void anAp2pThatKnowsOnlyVersionOneRefusesTheMigratedDatabase() {
    Database.open(dir).close();
    // a downgrade must not write version-1 rows into the version-2 tables
    assertThatThrownBy(() -> Database.open(dir, Schema.MIGRATIONS.subList(0, 1)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version " + Schema.MIGRATIONS.size())
        .hasMessageContaining("newer ap2p");
  }
}
