package io.ap2p.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

class VerifiedDescriptorsTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final VerifiedDescriptors cache =
      new VerifiedDescriptors(new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS), 2);

  @Test
  void aRepeatedDescriptorIsALookupButStillExpires() {
    Bytes json = Fixtures.signed(Fixtures.key(1), "a", 1, Fixtures.T0, 60).toJsonBytes();
    assertThat(cache.validate(json)).isInstanceOf(Verdict.Accepted.class);
    assertThat(cache.validate(json)).isInstanceOf(Verdict.Accepted.class);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
    clock.advance(61_000);
    assertThat(cache.validate(json))
        .isInstanceOfSatisfying(
            Verdict.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(DescriptorReason.EXPIRED));
  }

  @Test
  void aRememberedDescriptorFromTheWrongSenderIsStillAMismatch() {
    Bytes json = Fixtures.signed(Fixtures.key(1), "a", 1, Fixtures.T0, 60).toJsonBytes();
    var owner = java.util.Optional.of(Fixtures.key(1).peerId());
    var other = java.util.Optional.of(Fixtures.key(2).peerId());
    assertThat(cache.validate(json, owner)).isInstanceOf(Verdict.Accepted.class);
    assertThat(cache.validate(json, other))
        .isInstanceOfSatisfying(
            Verdict.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(DescriptorReason.PEER_MISMATCH));
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void rejectionsAreNeverRemembered() {
    byte[] b =
        Fixtures.signed(Fixtures.key(1), "a", 1, Fixtures.T0, 60).toJsonBytes().toByteArray();
    b[b.length - 5] ^= 1; // inside the signature
    Bytes bad = Bytes.wrap(b);
    assertThat(cache.validate(bad)).isInstanceOf(Verdict.Rejected.class);
    assertThat(cache.validate(bad)).isInstanceOf(Verdict.Rejected.class);
    assertThat(cache.misses()).isEqualTo(2);
  }

  @Test
  void theCacheIsBounded() {
    Bytes a = Fixtures.signed(Fixtures.key(1), "a", 1, Fixtures.T0, 60).toJsonBytes();
    Bytes b = Fixtures.signed(Fixtures.key(2), "b", 1, Fixtures.T0, 60).toJsonBytes();
    Bytes c = Fixtures.signed(Fixtures.key(3), "c", 1, Fixtures.T0, 60).toJsonBytes();
    cache.validate(a);
    cache.validate(b);
    cache.validate(c);
    cache.validate(a); // evicted by c: verified again
    assertThat(cache.misses()).isEqualTo(4);
  }
}
