package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

/** Signatures checked ahead of the registry's lock: the time window is still checked at once. */
class RegistryRevocationPreverifyTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final RegistryRevocations revocations =
      new RegistryRevocations(
          clock,
          new SoftStateTable(clock, SoftStateTable.Limits.DEFAULTS),
          RevocationLimits.DEFAULTS);
  final PrivateKey a = Fixtures.key(1);

  Bytes descriptorRevocation() {
    return SignedRevocation.sign(
            new Revocation.OfDescriptor(a.publicKey(), "img", 5, clock.millis()), a)
        .encoded();
  }

  @Test
  void aPreverifiedRevocationThatAgesPastRetentionIsRefusedExpired() {
    Bytes r = descriptorRevocation();
    revocations.preverify(a.peerId(), r);
    clock.advance(RevocationLimits.DEFAULTS.descriptorRetentionMillis() + 1);
    assertThat(revocations.revoke(r).reason()).isEqualTo("EXPIRED");
  }

  @Test
  void aReplicatedRevocationIsCheckedOutsideTheLockAndStillTimed() {
    Bytes r = descriptorRevocation();
    revocations.preverifyReplica(r);
    assertThat(revocations.revoke(r).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    Bytes old = descriptorRevocation();
    revocations.preverifyReplica(old);
    clock.advance(RevocationLimits.DEFAULTS.descriptorRetentionMillis() + 1);
    assertThat(revocations.revoke(old).reason()).isEqualTo("EXPIRED");
  }

  @Test
  void aForgedRevocationIsNotPreverifiedAndIsRefusedWhenTaken() {
    Bytes r = descriptorRevocation();
    byte[] forged = r.toByteArray();
    forged[forged.length - 1] ^= 1; // the signature's last byte
    revocations.preverify(a.peerId(), Bytes.wrap(forged));
    revocations.preverifyReplica(Bytes.wrap(forged));
    assertThat(revocations.revoke(Bytes.wrap(forged)).reason()).isEqualTo("BAD_SIGNATURE");
  }
}
