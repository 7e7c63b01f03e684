package io.ap2p.node.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thief's hand-over heard before the owner's compromise: the compromise moves back what the
 * hand-over carried, and both keys stay refused after the compromise's retention.
 */
class VoidHandOverTest {

  static final long DAY30 = RevocationLimits.DEFAULTS.identityRetentionMillis();
  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final SecureRandom random = new SecureRandom();
  final PrivateKey owner = PrivateKey.generate(random); // stolen
  final PrivateKey thief = PrivateKey.generate(random);

  Bytes handOver() {
    return SignedRevocation.rotate(owner, thief, clock.millis()).encoded();
  }

  Bytes compromise() {
    return SignedRevocation.sign(
            new Revocation.Compromise(owner.publicKey(), clock.millis()), owner)
        .encoded();
  }

  @Test
  void aVoidHandOverDoesNotKeepTheOwnersStanding() {
    RevocationBook book = new RevocationBook(clock, Optional.empty());
    book.recordsOf(owner.peerId()::equals); // a hand-over of a key without records moves nothing
    List<PeerId[]> carried = new ArrayList<>();
    List<PeerId[]> undone = new ArrayList<>();
    book.onHandOver((old, next) -> carried.add(new PeerId[] {old, next}));
    book.onVoidHandOver((from, to) -> undone.add(new PeerId[] {from, to}));
    book.offer(handOver()); // heard first: standing moves to the thief's key now
    assertThat(carried).hasSize(1);
    clock.advance(60_000);
    book.offer(compromise()); // the owner's declaration, a minute later
    assertThat(undone).hasSize(1);
    assertThat(undone.get(0)).containsExactly(thief.peerId(), owner.peerId());
    assertThat(book.refusal(thief.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    clock.advance(DAY30 + 1);
    // 30 days on the revocations are gone; both keys stay refused
    assertThat(book.refusal(thief.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(book.refusal(owner.peerId())).contains(RevocationReason.KEY_COMPROMISED);
  }

  @Test
  void aCompromisedKeyWithoutRecordsHereIsNotKeptBeyondRetention() {
    RevocationBook book = new RevocationBook(clock, Optional.empty());
    book.offer(compromise());
    assertThat(book.refusal(owner.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    clock.advance(DAY30 + 1);
    assertThat(book.refusal(owner.peerId())).isEmpty(); // nothing to steal: a fresh key
  }

  @Test
  void theVoidAndTheTombstonesSurviveARestart(@TempDir Path dir) throws Exception {
    try (Database db = Database.open(dir)) {
      RevocationBook book = new RevocationBook(clock, Optional.of(db));
      book.recordsOf(owner.peerId()::equals);
      book.offer(handOver());
      assertThat(db.revocations().successions()).hasSize(1);
      clock.advance(60_000);
      book.offer(compromise());
      assertThat(db.revocations().successions()).isEmpty(); // receipts no longer map to thief
      assertThat(db.revocations().tombstones())
          .containsExactlyInAnyOrder(owner.peerId().toString(), thief.peerId().toString());
    }
    clock.advance(DAY30 + 1);
    try (Database db = Database.open(dir)) {
      RevocationBook book = new RevocationBook(clock, Optional.of(db));
      assertThat(book.size()).isZero();
      assertThat(book.refusal(thief.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    }
  }
}
