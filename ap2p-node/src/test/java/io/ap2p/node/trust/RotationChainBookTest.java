package io.ap2p.node.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A chain of hand-overs carries standing to its last key, whatever the order they arrive in. */
class RotationChainBookTest {

  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final SecureRandom random = new SecureRandom();
  final PrivateKey a = PrivateKey.generate(random);
  final PrivateKey b = PrivateKey.generate(random);
  final PrivateKey c = PrivateKey.generate(random);

  @Test
  void aLaterHopHeardFirstStillLandsTheFirstKeysStandingOnTheLast() {
    RevocationBook book = new RevocationBook(clock, Optional.empty());
    book.recordsOf(
        p -> !p.equals(c.peerId())); // a hand-over of a key without records moves nothing
    List<PeerId[]> moves = new ArrayList<>();
    book.onHandOver((old, next) -> moves.add(new PeerId[] {old, next}));
    book.offer(SignedRevocation.rotate(b, c, clock.millis()).encoded());
    book.offer(SignedRevocation.rotate(a, b, clock.millis()).encoded());
    assertThat(moves).hasSize(2);
    assertThat(moves.get(0)).containsExactly(b.peerId(), c.peerId());
    assertThat(moves.get(1)).containsExactly(a.peerId(), c.peerId()); // not onto b
  }

  @Test
  void aCompromiseAtTheHeadWalksTheStandingBackUpTheChain() {
    RevocationBook book = new RevocationBook(clock, Optional.empty());
    book.recordsOf(
        p -> !p.equals(c.peerId())); // a hand-over of a key without records moves nothing
    List<PeerId[]> undone = new ArrayList<>();
    book.onVoidHandOver((from, to) -> undone.add(new PeerId[] {from, to}));
    book.offer(SignedRevocation.rotate(a, b, clock.millis()).encoded());
    book.offer(SignedRevocation.rotate(b, c, clock.millis()).encoded());
    book.offer(
        SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), clock.millis()), a)
            .encoded());
    assertThat(undone).hasSize(2);
    assertThat(undone.get(0)).containsExactly(c.peerId(), b.peerId());
    assertThat(undone.get(1)).containsExactly(b.peerId(), a.peerId());
    assertThat(book.refusal(c.peerId())).isPresent();
  }
}
