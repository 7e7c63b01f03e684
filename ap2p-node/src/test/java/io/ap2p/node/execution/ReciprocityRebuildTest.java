package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.ReceiptDirection;
import io.ap2p.node.store.StoredReceipt;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger rebuilt at start moves, with each recorded hand-over, only the receipts stored before
 * the node took it, as the ledger in memory did; down a chain, as far as each hop came later.
 */
class ReciprocityRebuildTest {

  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  int tasks;

  StoredReceipt given(PeerId peer, long atMillis) {
    byte[] hash = new byte[32];
    hash[0] = (byte) ++tasks;
    return new StoredReceipt(
        ReceiptDirection.GIVEN,
        peer + "/t" + tasks,
        peer.toString(),
        "cap",
        Bytes.wrap(new byte[] {1}),
        Bytes.wrap(hash),
        atMillis,
        1_000_000);
  }

  @Test
  void onlyReceiptsStoredBeforeAHandOverFollowIt() {
    PeerId a = PrivateKey.generate(random).peerId();
    PeerId b = PrivateKey.generate(random).peerId();
    PeerId c = PrivateKey.generate(random).peerId();
    try (Database db = Database.open(dir)) {
      db.receipts().add(given(a, 5)); // before a → b: ends at c
      db.receipts().add(given(a, 50)); // a kept serving after its hand-over: stays a's
      db.receipts().add(given(b, 30)); // b's own before b → c: moves to c
      db.receipts().add(given(b, 45)); // after b → c: stays b's
      db.receipts().add(given(c, 60));
      db.revocations().handOver(a.toString(), b.toString(), 20);
      db.revocations().handOver(b.toString(), c.toString(), 40);
      Reciprocity r = Reciprocity.rebuild(db, ExecutionLimits.DEFAULTS.incentives());
      assertThat(r.ledger().account(a).givenTasks()).isEqualTo(1);
      assertThat(r.ledger().account(b).givenTasks()).isEqualTo(1);
      assertThat(r.ledger().account(c).givenTasks()).isEqualTo(3);
    }
  }
}
