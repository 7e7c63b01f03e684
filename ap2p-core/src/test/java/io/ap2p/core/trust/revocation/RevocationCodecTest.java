package io.ap2p.core.trust.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevocationCodecTest {

  static final long T = Fixtures.T0.toEpochMilli();
  final ManualClock clock = new ManualClock(T);
  final RevocationValidator validator = new RevocationValidator(clock, RevocationLimits.DEFAULTS);
  final PrivateKey a = Fixtures.key(1);
  final PrivateKey b = Fixtures.key(2);

  SignedRevocation ofDescriptor(PrivateKey k, String id, long seq) {
    return SignedRevocation.sign(new Revocation.OfDescriptor(k.publicKey(), id, seq, T), k);
  }

  @Test
  void everyKindRoundTripsAndVerifies() throws Exception {
    for (SignedRevocation s :
        new SignedRevocation[] {
          ofDescriptor(a, "img", 7),
          SignedRevocation.rotate(a, b, T),
          SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T), a)
        }) {
      SignedRevocation back = RevocationCodec.decode(s.encoded());
      assertThat(back).isEqualTo(s);
      assertThat(validator.validate(s.encoded())).isInstanceOf(Verdict.Accepted.class);
      assertThat(s.encoded().length()).isLessThanOrEqualTo(RevocationCodec.MAX_BYTES);
    }
  }

  @Test
  void theWireFormatIsFrozen() {
    // field numbers and order of docs/revocation.md: a change here breaks every peer
    Bytes body = ofDescriptor(a, "img", 7).body();
    Bytes expected =
        new ProtoWriter()
            .varint(1, 1)
            .bytes(2, a.publicKey().raw())
            .string(3, "img")
            .varint(4, 7)
            .varint(6, T)
            .toBytes();
    assertThat(body).isEqualTo(expected);
  }

  @Test
  void truncatedOversizedAndRandomInputIsRefusedWithoutThrowingElse() {
    Bytes good = SignedRevocation.rotate(a, b, T).encoded();
    for (int n = 0; n < good.length(); n++) {
      assertThat(validator.validate(good.slice(0, n)))
          .as("truncated to %d", n)
          .isInstanceOf(Verdict.Rejected.class);
    }
    assertThat(validator.validate(Bytes.wrap(new byte[RevocationCodec.MAX_BYTES + 1])))
        .isInstanceOf(Verdict.Rejected.class);
    Random r = new Random(20);
    for (int i = 0; i < 2000; i++) {
      byte[] junk = good.toByteArray();
      junk[r.nextInt(junk.length)] ^= (byte) (1 + r.nextInt(255));
      assertThat(validator.validate(Bytes.wrap(junk))).isInstanceOf(Verdict.Rejected.class);
    }
  }

  @Test
  void nonCanonicalEncodingsAreRefused() {
    SignedRevocation s = ofDescriptor(a, "img", 7);
    // the same fields with an extra unknown one, or repeated
    Bytes extra =
        new ProtoWriter().bytes(1, s.body()).bytes(2, s.signature()).varint(9, 1).toBytes();
    assertThatThrownBy(() -> RevocationCodec.decode(extra)).isInstanceOf(WireFormatException.class);
    Bytes twice =
        new ProtoWriter().bytes(1, s.body()).bytes(1, s.body()).bytes(2, s.signature()).toBytes();
    assertThatThrownBy(() -> RevocationCodec.decode(twice)).isInstanceOf(WireFormatException.class);
    Bytes reordered = new ProtoWriter().bytes(2, s.signature()).bytes(1, s.body()).toBytes();
    assertThatThrownBy(() -> RevocationCodec.decode(reordered))
        .isInstanceOf(WireFormatException.class);
    // a descriptor revocation with a countersignature
    Bytes counter =
        new ProtoWriter()
            .bytes(1, s.body())
            .bytes(2, s.signature())
            .bytes(3, s.signature())
            .toBytes();
    assertThatThrownBy(() -> RevocationCodec.decode(counter))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void forgedOrWronglySignedRevocationsAreRejected() {
    // signed by another key than the one it revokes
    Revocation ofA = new Revocation.OfDescriptor(a.publicKey(), "img", 7, T);
    Bytes body = RevocationCodec.encodeBody(ofA);
    SignedRevocation byB =
        new SignedRevocation(ofA, body, b.sign(SignedRevocation.DOMAIN, body), Bytes.EMPTY);
    assertThat(reason(byB.encoded())).isEqualTo(RevocationReason.BAD_SIGNATURE);
    // signed by the right key in another domain (a descriptor's, say)
    SignedRevocation wrongDomain =
        new SignedRevocation(ofA, body, a.sign(SignatureDomain.DESCRIPTOR, body), Bytes.EMPTY);
    assertThat(reason(wrongDomain.encoded())).isEqualTo(RevocationReason.BAD_SIGNATURE);
    // a hand-over to b that b never countersigned (a signs both halves)
    Revocation rot = new Revocation.Rotation(a.publicKey(), b.publicKey(), T);
    Bytes rb = RevocationCodec.encodeBody(rot);
    SignedRevocation noConsent =
        new SignedRevocation(
            rot,
            rb,
            a.sign(SignedRevocation.DOMAIN, rb),
            a.sign(SignedRevocation.SUCCESSOR_DOMAIN, rb));
    assertThat(reason(noConsent.encoded())).isEqualTo(RevocationReason.BAD_SIGNATURE);
    // the successor's countersignature is not the old key's signature
    SignedRevocation swapped =
        new SignedRevocation(
            rot,
            rb,
            b.sign(SignedRevocation.SUCCESSOR_DOMAIN, rb),
            b.sign(SignedRevocation.SUCCESSOR_DOMAIN, rb));
    assertThat(reason(swapped.encoded())).isEqualTo(RevocationReason.BAD_SIGNATURE);
    // a signature moved onto another body (seq raised) does not verify
    SignedRevocation good = ofDescriptor(a, "img", 7);
    Revocation higher = new Revocation.OfDescriptor(a.publicKey(), "img", 8, T);
    SignedRevocation moved =
        new SignedRevocation(
            higher, RevocationCodec.encodeBody(higher), good.signature(), Bytes.EMPTY);
    assertThat(reason(moved.encoded())).isEqualTo(RevocationReason.BAD_SIGNATURE);
  }

  @Test
  void futureAndExpiredRevocationsAreRejected() {
    RevocationLimits l = RevocationLimits.DEFAULTS;
    SignedRevocation future =
        SignedRevocation.sign(
            new Revocation.OfDescriptor(a.publicKey(), "img", 7, T + l.maxClockSkewMillis() + 1),
            a);
    assertThat(reason(future.encoded())).isEqualTo(RevocationReason.FROM_FUTURE);
    SignedRevocation old = ofDescriptor(a, "img", 7);
    clock.advance(l.descriptorRetentionMillis());
    assertThat(reason(old.encoded())).isEqualTo(RevocationReason.EXPIRED);
    SignedRevocation compromise =
        SignedRevocation.sign(new Revocation.Compromise(a.publicKey(), T), a);
    assertThat(validator.validate(compromise.encoded())).isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void signingRefusesAnotherKeysRevocation() {
    assertThatThrownBy(
            () -> SignedRevocation.sign(new Revocation.OfDescriptor(a.publicKey(), "x", 1, T), b))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedRevocation.rotate(a, a, T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  RevocationReason reason(Bytes encoded) {
    Verdict<SignedRevocation> v = validator.validate(encoded);
    assertThat(v).isInstanceOf(Verdict.Rejected.class);
    return (RevocationReason) ((Verdict.Rejected<SignedRevocation>) v).reason();
  }
}
