package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Chains of hand-overs: seen from the latest key, followed to the end, voided as a whole. */
class RevocationChainTest {

  static final long T = Fixtures.T0.toEpochMilli();
  final ManualClock clock = new ManualClock(T);
  final PrivateKey a = Fixtures.key(1);
  final PrivateKey b = Fixtures.key(2);
  final PrivateKey c = Fixtures.key(3);
  final SignedRevocation ab = SignedRevocation.rotate(a, b, T);
  final SignedRevocation bc = SignedRevocation.rotate(b, c, T);

  @Test
  void aTwoHopChainIsVisibleFromTheLatestSuccessor() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    table.offer(ab);
    table.offer(bc);
    // a requester that meets c asks about c only: it must learn a -> b too to carry a's credit
    assertThat(table.about(c.peerId())).contains(bc, ab);
  }

  @Test
  void theLatestKeyDoesNotDependOnArrivalOrder() {
    Revocations inOrder = new Revocations(clock, RevocationLimits.DEFAULTS);
    inOrder.offer(ab);
    inOrder.offer(bc);
    Revocations reversed = new Revocations(clock, RevocationLimits.DEFAULTS);
    reversed.offer(bc);
    reversed.offer(ab);
    assertThat(inOrder.latest(a.peerId())).isEqualTo(c.peerId());
    assertThat(reversed.latest(a.peerId())).isEqualTo(c.peerId());
    assertThat(reversed.latest(c.peerId())).isEqualTo(c.peerId());
  }

  @Test
  void aLoopEndsAtTheLastKeyNotSeenBefore() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    table.offer(ab);
    table.offer(SignedRevocation.rotate(b, a, T)); // b -> a: a loop
    assertThat(table.latest(a.peerId())).isEqualTo(b.peerId());
    assertThat(table.about(a.peerId())).hasSize(2);
  }

  @Test
  void aLongChainIsFollowedAtMostMaxChainHops() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    int n = Revocations.MAX_CHAIN + 4;
    for (int i = 0; i < n; i++) {
      table.offer(SignedRevocation.rotate(Fixtures.key(100 + i), Fixtures.key(101 + i), T));
    }
    assertThat(table.latest(Fixtures.key(100).peerId()))
        .isEqualTo(Fixtures.key(100 + Revocations.MAX_CHAIN).peerId());
    assertThat(table.about(Fixtures.key(100 + n).peerId())).hasSize(Revocations.MAX_CHAIN);
  }

  @Test
  void aCompromiseAtTheHeadVoidsTheWholeChain() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    table.offer(ab);
    table.offer(bc);
    table.offer(SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T), a));
    assertThat(table.refusal(b.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.refusal(c.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.touched(new Revocation.Compromise(a.publicKey(), T)))
        .containsExactly(a.peerId(), b.peerId(), c.peerId());
  }

  @Test
  void oneSuccessorNamedByManyKeysCannotFillAnAnswerForOthers() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    for (int i = 0; i < 200; i++) {
      table.offer(SignedRevocation.rotate(Fixtures.key(5000 + i), b, T)); // b countersigns all
    }
    assertThat(table.about(b.peerId())).hasSize(Revocations.MAX_ABOUT);
  }
}
