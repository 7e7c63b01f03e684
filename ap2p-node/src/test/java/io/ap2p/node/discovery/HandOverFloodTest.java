package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import io.ap2p.node.trust.RevocationBook;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review (rev3): what a stranger presents on {@code /ap2p/handover/1.0.0} — a chain of 16
 * hand-overs between throwaway keys it made itself (both signatures valid), ending at the key it
 * sends a task under — is taken as {@code HandOvers.introduce} takes it (before any stamp or credit
 * check). Each hand-over writes a {@code successions} row and a {@code carried} entry that nothing
 * ever removes (no cap, no retention, loaded at every start and by {@code Reciprocity.rebuild}),
 * although this node has no record of any of those keys: a fresh key per task grows both without
 * bound.
 */
class HandOverFloodTest {

  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  final ManualClock clock = new ManualClock(1_800_000_000_000L);

  @Test
  void aStrangersSelfMadeChainLeavesNoPermanentSuccessions() {
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i <= 16; i++) {
      keys.add(PrivateKey.generate(random));
    }
    List<Bytes> presented = new ArrayList<>();
    for (int i = 15; i >= 0; i--) { // as RevocationBook.handOversTo answers: nearest first
      presented.add(
          SignedRevocation.rotate(keys.get(i), keys.get(i + 1), clock.millis()).encoded());
    }
    try (Database db = Database.open(dir)) {
      RevocationBook book = new RevocationBook(clock, Optional.of(db));
      HandOvers.take(presented, keys.get(16).peerId()).forEach(book::offer);
      int rows = db.revocations().successionTimes().size();
      // past every retention (hand-overs are kept 30 days), and a restart
      clock.advance(40L * 86_400_000L);
      new RevocationBook(clock, Optional.of(db));
      assertThat(db.revocations().successionTimes())
          .as("succession rows of %d throwaway keys with no records here, 40 days on", rows)
          .isEmpty();
    }
  }
}
