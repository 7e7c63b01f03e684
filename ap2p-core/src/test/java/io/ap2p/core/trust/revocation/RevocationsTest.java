package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationsTest {

  static final long T = Fixtures.T0.toEpochMilli();
  final ManualClock clock = new ManualClock(T);
  final Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
  final PrivateKey a = Fixtures.key(1);
  final PrivateKey b = Fixtures.key(2);
  final PrivateKey c = Fixtures.key(3);

  SignedRevocation ofDescriptor(PrivateKey k, String id, long seq) {
    return SignedRevocation.sign(
        new Revocation.OfDescriptor(k.publicKey(), id, seq, clock.millis()), k);
  }

  SignedRevocation compromise(PrivateKey k) {
    return SignedRevocation.sign(new Revocation.Compromise(k.publicKey(), clock.millis()), k);
  }

  @Test
  void aDescriptorRevocationCoversSeqsUpToItsOwnOnly() {
    DescriptorKey img = new DescriptorKey(a.peerId(), "img");
    assertThat(table.offer(ofDescriptor(a, "img", 5)))
        .isEqualTo(Verdict.accept(Revocations.Change.ADDED));
    assertThat(table.refusal(img, 5)).contains(RevocationReason.DESCRIPTOR_REVOKED);
    assertThat(table.refusal(img, 1)).contains(RevocationReason.DESCRIPTOR_REVOKED);
    assertThat(table.refusal(img, 6)).isEmpty(); // a later re-publish is not affected
    assertThat(table.refusal(new DescriptorKey(a.peerId(), "other"), 1)).isEmpty();
    assertThat(table.refusal(new DescriptorKey(b.peerId(), "img"), 1)).isEmpty();
    // replaying it, or a lower one, changes nothing; a higher one raises it
    assertThat(table.offer(ofDescriptor(a, "img", 5))).isInstanceOf(Verdict.Ignored.class);
    assertThat(table.offer(ofDescriptor(a, "img", 3))).isInstanceOf(Verdict.Ignored.class);
    assertThat(table.offer(ofDescriptor(a, "img", 9)))
        .isEqualTo(Verdict.accept(Revocations.Change.RAISED));
    assertThat(table.refusal(img, 8)).isPresent();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void revocationsAreKeptForTheirRetentionThenForgotten() {
    DescriptorKey img = new DescriptorKey(a.peerId(), "img");
    table.offer(ofDescriptor(a, "img", 5));
    clock.advance(RevocationLimits.DEFAULTS.descriptorRetentionMillis() - 1);
    assertThat(table.refusal(img, 5)).isPresent();
    clock.advance(1);
    assertThat(table.refusal(img, 5)).isEmpty();
    assertThat(table.expireDue()).isEqualTo(1);
    assertThat(table.size()).isZero();
  }

  @Test
  void aHandOverRetiresTheOldKeyAndNamesItsSuccessor() {
    table.offer(SignedRevocation.rotate(a, b, T));
    assertThat(table.refusal(a.peerId())).contains(RevocationReason.KEY_ROTATED);
    assertThat(table.refusal(new DescriptorKey(a.peerId(), "img"), Long.MAX_VALUE))
        .contains(RevocationReason.KEY_ROTATED);
    assertThat(table.successor(a.peerId())).contains(b.peerId());
    assertThat(table.refusal(b.peerId())).isEmpty();
    assertThat(table.offer(SignedRevocation.rotate(a, b, T))).isInstanceOf(Verdict.Ignored.class);
  }

  @Test
  void aCompromiseVoidsTheHandOverWhicheverArrivesFirst() {
    for (boolean compromiseFirst : new boolean[] {true, false}) {
      Revocations t = new Revocations(clock, RevocationLimits.DEFAULTS);
      List<SignedRevocation> order =
          compromiseFirst
              ? List.of(compromise(a), SignedRevocation.rotate(a, b, T))
              : List.of(SignedRevocation.rotate(a, b, T), compromise(a));
      order.forEach(s -> assertThat(t.offer(s)).isInstanceOf(Verdict.Accepted.class));
      assertThat(t.refusal(a.peerId())).contains(RevocationReason.KEY_COMPROMISED);
      assertThat(t.refusal(b.peerId())).contains(RevocationReason.KEY_COMPROMISED);
      assertThat(t.successor(a.peerId())).isEmpty();
      assertThat(t.touched(order.get(1).revocation())).contains(a.peerId(), b.peerId());
    }
  }

  @Test
  void twoHandOversToDifferentSuccessorsCountAsACompromise() {
    table.offer(SignedRevocation.rotate(a, b, T));
    table.offer(SignedRevocation.rotate(a, c, T + 1));
    assertThat(table.refusal(a.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.refusal(b.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.refusal(c.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.successor(a.peerId())).isEmpty();
    assertThat(table.about(a.peerId())).hasSize(2);
  }

  @Test
  void perKeyAndTotalBoundsHold() {
    Revocations small =
        new Revocations(clock, new RevocationLimits(86_400_000, 86_400_000, 0, 2, 3));
    assertThat(small.offer(ofDescriptor(a, "x1", 1))).isInstanceOf(Verdict.Accepted.class);
    assertThat(small.offer(ofDescriptor(a, "x2", 1))).isInstanceOf(Verdict.Accepted.class);
    assertThat(small.offer(ofDescriptor(a, "x3", 1))).isInstanceOf(Verdict.Rejected.class);
    assertThat(small.offer(ofDescriptor(b, "x1", 1))).isInstanceOf(Verdict.Accepted.class);
    assertThat(small.offer(compromise(c))).isInstanceOf(Verdict.Rejected.class);
    assertThat(small.size()).isEqualTo(3);
  }
}
