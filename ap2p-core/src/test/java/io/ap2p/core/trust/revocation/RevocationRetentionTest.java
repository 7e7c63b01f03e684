package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import org.junit.jupiter.api.Test;

/** Of two revocations with one effect the table keeps the longer-living one. */
class RevocationRetentionTest {

  static final long T = Fixtures.T0.toEpochMilli();
  static final long DAY30 = RevocationLimits.DEFAULTS.identityRetentionMillis();
  final ManualClock clock = new ManualClock(T);
  final PrivateKey a = Fixtures.key(1);

  @Test
  void aBackdatedCompromiseCannotSwallowTheOwnersFreshOne() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    // the thief holds a: it declares a compromised, backdated so it lives one more minute
    SignedRevocation thiefs =
        SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T - DAY30 + 60_000), a);
    assertThat(table.offer(thiefs)).isInstanceOf(Verdict.Accepted.class);
    SignedRevocation owners = SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T), a);
    // accepted (so it replicates), not ignored as a duplicate
    assertThat(table.offer(owners)).isEqualTo(Verdict.accept(Revocations.Change.EXTENDED));
    assertThat(table.heldUntil(owners.revocation())).isEqualTo(T + DAY30);
    assertThat(table.size()).isEqualTo(1);
    // the thief's backdated copy, sent again, changes nothing
    assertThat(table.offer(thiefs)).isInstanceOf(Verdict.Ignored.class);
    clock.advance(60_000);
    assertThat(table.refusal(a.peerId())).contains(RevocationReason.KEY_COMPROMISED);
    assertThat(table.heldUntil(owners.revocation())).isEqualTo(T + DAY30);
  }

  @Test
  void atTheCapTheEarliestExpiringGivesWayToALongerLivingOne() {
    Revocations table = new Revocations(clock, RevocationLimits.DEFAULTS);
    long old = T - DAY30 + 60_000; // all backdated: they expire in a minute
    for (int i = 0; i < 3; i++) {
      table.offer(SignedRevocation.rotate(a, Fixtures.key(10 + i), old + i));
    }
    assertThat(table.size()).isEqualTo(3);
    SignedRevocation owners = SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T), a);
    assertThat(table.offer(owners)).isEqualTo(Verdict.accept(Revocations.Change.ADDED));
    assertThat(table.size()).isEqualTo(3);
    assertThat(table.refusal(Fixtures.key(11).peerId())).contains(RevocationReason.KEY_COMPROMISED);
    // one living shorter than all held is still ignored at the cap
    SignedRevocation weak = SignedRevocation.rotate(a, Fixtures.key(20), old - 1);
    assertThat(table.offer(weak)).isInstanceOf(Verdict.Ignored.class);
    clock.advance(60_000 + 3);
    assertThat(table.refusal(a.peerId())).contains(RevocationReason.KEY_COMPROMISED);
  }
}
