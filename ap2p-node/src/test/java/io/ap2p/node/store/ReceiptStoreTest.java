package io.ap2p.node.store;

import static io.ap2p.node.store.ReceiptDirection.GIVEN;
import static io.ap2p.node.store.ReceiptDirection.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptStoreTest {

  @TempDir Path dir;
  Database db;
  ReceiptStore receipts;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    receipts = db.receipts();
  }

  @AfterEach
  void close() {
    db.close();
  }

  static Bytes hash(int b) {
    byte[] h = new byte[32];
    Arrays.fill(h, (byte) b);
    return Bytes.wrap(h);
  }

  static StoredReceipt receipt(ReceiptDirection d, String task, int n, long at) {
    return new StoredReceipt(
        d, task, "peer" + n, "echo", Bytes.of(new byte[] {0, (byte) n, -1}), hash(n), at);
  }

  /** Only the given receipt of that task with that hash gains the attestation; its order stays. */
  @Test
  void anAttestationReplacesOnlyTheMatchingGivenReceipt() {
    receipts.add(receipt(GIVEN, "t1", 1, 100));
    receipts.add(receipt(RECEIVED, "t1", 1, 101));
    Bytes attested = Bytes.of(new byte[] {9, 9, 9, 9});
    assertThat(receipts.attested("t1", hash(2), attested)).isFalse(); // another hash
    assertThat(receipts.attested("t2", hash(1), attested)).isFalse(); // another task
    assertThat(receipts.attested("t1", hash(1), attested)).isTrue();
    assertThat(receipts.forTask("t1"))
        .extracting(StoredReceipt::encoded)
        .containsExactly(attested, Bytes.of(new byte[] {0, 1, -1}));
    assertThat(receipts.lastGivenHash()).contains(hash(1));
    assertThatThrownBy(() -> receipts.attested("t1", hash(1), Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addForTaskRecentAndCount() {
    StoredReceipt g1 = receipt(GIVEN, "t1", 1, 100);
    StoredReceipt r1 = receipt(RECEIVED, "t1", 2, 101);
    StoredReceipt g2 = receipt(GIVEN, "t2", 3, 102);
    long id1 = receipts.add(g1);
    long id2 = receipts.add(r1);
    long id3 = receipts.add(g2);
    assertThat(id1).isLessThan(id2);
    assertThat(id2).isLessThan(id3);

    assertThat(receipts.forTask("t1")).containsExactly(g1, r1);
    assertThat(receipts.forTask("none")).isEmpty();
    assertThat(receipts.recent(GIVEN, 10)).containsExactly(g2, g1);
    assertThat(receipts.recent(GIVEN, 1)).containsExactly(g2);
    assertThat(receipts.recent(RECEIVED, 10)).containsExactly(r1);
    assertThat(receipts.count(GIVEN)).isEqualTo(2);
    assertThat(receipts.count(RECEIVED)).isEqualTo(1);
  }

  @Test
  void theChainHeadIsTheLastGivenReceiptAndSurvivesAReopen() {
    assertThat(receipts.lastGivenHash()).isEmpty();
    receipts.add(receipt(GIVEN, "t1", 1, 500));
    receipts.add(receipt(GIVEN, "t2", 2, 100)); // the clock stepped back: order of addition counts
    receipts.add(receipt(RECEIVED, "t3", 3, 600));
    assertThat(receipts.lastGivenHash()).contains(hash(2));
    db.close();
    db = Database.open(dir);
    assertThat(db.receipts().lastGivenHash()).contains(hash(2));
  }

  @Test
  void aReceiptMustHaveA32ByteHashAndBoundedBytes() {
    Bytes ok = Bytes.of(new byte[] {1});
    assertThatThrownBy(() -> new StoredReceipt(GIVEN, "t", "p", "c", ok, Bytes.of(new byte[31]), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hash has 31 bytes");
    assertThatThrownBy(() -> new StoredReceipt(GIVEN, "t", "p", "c", Bytes.EMPTY, hash(1), 1))
        .hasMessageContaining("encoded has 0 bytes");
    Bytes big = Bytes.wrap(new byte[Limits.MAX_RECEIPT_BYTES + 1]);
    assertThatThrownBy(() -> new StoredReceipt(GIVEN, "t", "p", "c", big, hash(1), 1))
        .hasMessageContaining("encoded has 65537 bytes");
    assertThatThrownBy(() -> new StoredReceipt(GIVEN, "", "p", "c", ok, hash(1), 1))
        .hasMessageContaining("taskId is empty");
  }

  @Test
  void aFullSizeReceiptRoundTrips() {
    byte[] raw = new byte[Limits.MAX_RECEIPT_BYTES];
    new java.util.Random(3).nextBytes(raw);
    StoredReceipt r = new StoredReceipt(RECEIVED, "t", "p", "c", Bytes.of(raw), hash(9), 1);
    receipts.add(r);
    assertThat(receipts.forTask("t")).containsExactly(r);
  }
}
