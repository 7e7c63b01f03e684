package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelSignaturesTest {

  static PrivateKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return PrivateKey.fromSeed(Bytes.wrap(seed));
  }

  static Bytes bytes(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  final ModelSignatures model = new ModelSignatures();
  final PrivateKey alice = key(1);
  final Signer signer = model.signer(alice);
  final Bytes sig = signer.sign(SignatureDomain.DESCRIPTOR, bytes("{\"id\":\"a\"}"));

  @Test
  void aModelSignatureHas64BytesAndChecksUnderItsKeyDomainAndPayload() throws Exception {
    assertThat(sig.length()).isEqualTo(64);
    assertThat(signer.peerId()).isEqualTo(alice.peerId());
    model.verify(alice.publicKey(), SignatureDomain.DESCRIPTOR, bytes("{\"id\":\"a\"}"), sig);
    assertThat(signer.sign(SignatureDomain.DESCRIPTOR, bytes("{\"id\":\"a\"}"))).isEqualTo(sig);
  }

  @Test
  void anyChangeOfKeyDomainPayloadOrSignatureIsRefused() {
    assertThatThrownBy(
            () ->
                model.verify(
                    key(2).publicKey(), SignatureDomain.DESCRIPTOR, bytes("{\"id\":\"a\"}"), sig))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(
            () ->
                model.verify(
                    alice.publicKey(), SignatureDomain.RECEIPT, bytes("{\"id\":\"a\"}"), sig))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(
            () ->
                model.verify(
                    alice.publicKey(), SignatureDomain.DESCRIPTOR, bytes("{\"id\":\"b\"}"), sig))
        .isInstanceOf(SignatureVerificationException.class);
    byte[] flipped = sig.toByteArray();
    flipped[10] ^= 1;
    assertThatThrownBy(
            () ->
                model.verify(
                    alice.publicKey(),
                    SignatureDomain.DESCRIPTOR,
                    bytes("{\"id\":\"a\"}"),
                    Bytes.wrap(flipped)))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void aRealEd25519SignatureIsNotAModelOneAndViceVersa() throws Exception {
    Bytes payload = bytes("{\"id\":\"a\"}");
    Bytes real = alice.sign(SignatureDomain.DESCRIPTOR, payload);
    assertThatThrownBy(
            () -> model.verify(alice.publicKey(), SignatureDomain.DESCRIPTOR, payload, real))
        .isInstanceOf(SignatureVerificationException.class);
    assertThatThrownBy(() -> alice.publicKey().verify(SignatureDomain.DESCRIPTOR, payload, sig))
        .isInstanceOf(SignatureVerificationException.class);
  }
}
