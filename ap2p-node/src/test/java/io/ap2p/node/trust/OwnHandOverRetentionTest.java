package io.ap2p.node.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review (rev3): {@code ap2p key rotate} keeps the node's own hand-over in its database with the
 * 30-day retention of anyone's revocation, so a requester that comes back to a provider more than
 * 30 days after rotating has nothing to present on {@code /ap2p/handover/1.0.0} and its old account
 * there is stranded under the retired key for good (the provider's receipts stay under it).
 * docs/revocation.md does not say so.
 */
class OwnHandOverRetentionTest {

  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  final ManualClock clock = new ManualClock(1_800_000_000_000L);

  @Test
  void aRotatedNodeStillPresentsItsOwnHandOverAfterTheRetention() throws Exception {
    PrivateKey old = PrivateKey.generate(random);
    PrivateKey next = PrivateKey.generate(random);
    Bytes handOver = SignedRevocation.rotate(old, next, clock.millis()).encoded();
    try (Database db = Database.open(dir)) {
      // as KeyRotateCommand.recordOwn
      db.revocations()
          .add(
              old.peerId().toString(),
              handOver,
              RevocationLimits.DEFAULTS.retainUntil(RevocationCodec.decode(handOver).revocation()));
      assertThat(new RevocationBook(clock, Optional.of(db)).handOversTo(next.peerId()))
          .containsExactly(handOver);
      clock.advance(31L * 86_400_000L); // the node restarts a month later
      assertThat(new RevocationBook(clock, Optional.of(db)).handOversTo(next.peerId()))
          .as("the node's own hand-over, presented to providers it returns to")
          .containsExactly(handOver);
    }
  }
}
