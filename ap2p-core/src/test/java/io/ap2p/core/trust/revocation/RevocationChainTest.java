package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.registry.RegistryRevocations;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
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
  void aKeyIsNamedSuccessorByOneHeldHandOverOnly() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    assertThat(table.offer(ab)).isInstanceOf(Verdict.Accepted.class);
    for (int i = 0; i < 20; i++) { // b countersigns them all
      Verdict<?> v = table.offer(SignedRevocation.rotate(Fixtures.key(5000 + i), b, T));
      assertThat(v).isInstanceOf(Verdict.Rejected.class);
      assertThat(((Verdict.Rejected<?>) v).reason()).isEqualTo(RevocationReason.TABLE_FULL);
    }
    assertThat(table.about(b.peerId())).containsExactly(ab);
    assertThat(table.size()).isEqualTo(1);
  }

  /**
   * One RevocationsOf listing one key 100 times, the key named by as many hand-overs as its owner
   * cares to countersign (offered as a validator would pass them): the work is a few keys visited,
   * not one per hand-over (it was O(hand-overs) per peer listed, seconds under the registry's
   * lock).
   */
  @Test
  void oneLookUpVisitsABoundedNumberOfKeys() {
    Revocations held = new Revocations(clock, RevocationLimits.DEFAULTS);
    PrivateKey p = Fixtures.key(9);
    SplittableRandom random = new SplittableRandom(7);
    Bytes sig = Bytes.wrap(new byte[64]);
    int refused = 0;
    for (int added = 0; added < 2_000; ) {
      byte[] raw = new byte[32];
      random.nextBytes(raw);
      PublicKey old;
      try {
        old = PublicKey.ofRaw(Bytes.wrap(raw));
      } catch (IllegalArgumentException e) {
        continue;
      }
      Revocation r = new Revocation.Rotation(old, p.publicKey(), T);
      Verdict<?> v = held.offer(new SignedRevocation(r, RevocationCodec.encodeBody(r), sig, sig));
      refused += v instanceof Verdict.Rejected<?> ? 1 : 0;
      added++;
    }
    assertThat(refused).isEqualTo(2_000 - Revocations.MAX_PREDECESSORS);
    long before = held.visited();
    List<Bytes> answer =
        RegistryRevocations.about(held, Collections.nCopies(100, p.peerId())); // repeats allowed
    assertThat(answer).hasSize(Revocations.MAX_PREDECESSORS);
    assertThat(held.visited() - before).isLessThanOrEqualTo(Revocations.MAX_CHAIN + 2);
  }

  @Test
  void lookUpsAlongALongChainVisitAtMostAChainEach() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    int n = 40;
    for (int i = 0; i < n; i++) {
      table.offer(SignedRevocation.rotate(Fixtures.key(100 + i), Fixtures.key(101 + i), T));
    }
    List<PeerId> asked = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      asked.add(Fixtures.key(100 + i).peerId());
    }
    long before = table.visited();
    RegistryRevocations.about(table, asked);
    asked.forEach(table::refusal);
    assertThat(table.visited() - before)
        .isLessThanOrEqualTo(2L * asked.size() * (Revocations.MAX_CHAIN + 1));
  }
}
