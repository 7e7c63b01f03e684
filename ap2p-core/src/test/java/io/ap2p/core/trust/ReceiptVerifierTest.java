package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiptVerifierTest {

  final PrivateKey provider = Fixtures.key(1);
  final PrivateKey attestor = Fixtures.key(2);
  final ReceiptVerifier verifier = new ReceiptVerifier(Set.of(attestor.peerId()), 1_000);
  final Bytes input = Bytes.wrap("prompt".getBytes());
  final Bytes output = Bytes.wrap("png".getBytes());
  final Bytes nonce = Bytes.wrap(new byte[] {1, 2, 3});
  final ReceiptVerifier.Expected expected =
      new ReceiptVerifier.Expected(provider.peerId(), input, nonce, output, "v1", 10_000, 12_000);

  SignedReceipt.Body body(Bytes in, Bytes out, Bytes n, String version, long start, long end) {
    return new SignedReceipt.Body(
        provider.peerId(),
        "t1",
        Digests.sha256(in),
        Digests.sha256(out),
        "imagegen",
        version,
        start,
        end,
        n,
        SignedReceipt.GENESIS);
  }

  Verdict<SignedReceipt> check(SignedReceipt r, boolean attest) {
    return verifier.verify(Optional.of(r), expected, attest);
  }

  static String reason(Verdict<?> v) {
    return v instanceof Verdict.Rejected<?> r ? r.reason().name() : "ACCEPTED";
  }

  @Test
  void anHonestReceiptPassesAndEveryLieIsNamed() {
    SignedReceipt good =
        SignedReceipt.sign(body(input, output, nonce, "v1", 10_100, 11_900), provider);
    assertThat(reason(check(good, false))).isEqualTo("ACCEPTED");
    assertThat(reason(verifier.verify(Optional.empty(), expected, false))).isEqualTo("MISSING");
    assertThat(
            reason(
                check(
                    SignedReceipt.sign(
                        body(input, Bytes.wrap("x".getBytes()), nonce, "v1", 10_100, 11_900),
                        provider),
                    false)))
        .isEqualTo("OUTPUT_MISMATCH");
    assertThat(
            reason(
                check(
                    SignedReceipt.sign(
                        body(Bytes.wrap("y".getBytes()), output, nonce, "v1", 10_100, 11_900),
                        provider),
                    false)))
        .isEqualTo("INPUT_MISMATCH");
    assertThat(
            reason(
                check(
                    SignedReceipt.sign(
                        body(input, output, Bytes.wrap(new byte[] {9}), "v1", 10_100, 11_900),
                        provider),
                    false)))
        .isEqualTo("NONCE_MISMATCH");
    assertThat(
            reason(
                check(
                    SignedReceipt.sign(body(input, output, nonce, "v0", 10_100, 11_900), provider),
                    false)))
        .isEqualTo("VERSION_MISMATCH");
    assertThat(
            reason(
                check(
                    SignedReceipt.sign(body(input, output, nonce, "v1", 5_000, 6_000), provider),
                    false)))
        .isEqualTo("TIME_OUT_OF_RANGE");
    SignedReceipt forged =
        new SignedReceipt(good.body(), Bytes.wrap(new byte[64]), Optional.empty());
    assertThat(reason(check(forged, false))).isEqualTo("BAD_SIGNATURE");
    SignedReceipt.Body stolen =
        new SignedReceipt.Body(
            attestor.peerId(),
            "t1",
            Digests.sha256(input),
            Digests.sha256(output),
            "imagegen",
            "v1",
            10_100,
            11_900,
            nonce,
            SignedReceipt.GENESIS);
    assertThat(reason(check(SignedReceipt.sign(stolen, attestor), false)))
        .isEqualTo("WRONG_PROVIDER");
  }

  /** {@code b} bound to {@code capability}. */
  static SignedReceipt.Body bound(SignedReceipt.Body b, String capability) {
    return new SignedReceipt.Body(
        b.provider(),
        b.taskId(),
        b.inputDigest(),
        b.outputDigest(),
        b.tool(),
        b.version(),
        b.startedAtMillis(),
        b.finishedAtMillis(),
        b.nonce(),
        b.previous(),
        capability);
  }

  @Test
  void aReceiptBindingAnotherCapabilityIsRefused() {
    ReceiptVerifier.Expected forImageGen =
        new ReceiptVerifier.Expected(
            provider.peerId(), input, nonce, output, "v1", 10_000, 12_000, "image-gen");
    SignedReceipt.Body b = body(input, output, nonce, "v1", 10_100, 11_900);
    SignedReceipt forPublish = SignedReceipt.sign(bound(b, "content-publish"), provider);
    assertThat(reason(verifier.verify(Optional.of(forPublish), forImageGen, false)))
        .isEqualTo("CAPABILITY_MISMATCH");
    SignedReceipt right = SignedReceipt.sign(bound(b, "image-gen"), provider);
    assertThat(reason(verifier.verify(Optional.of(right), forImageGen, false)))
        .isEqualTo("ACCEPTED");
    // the binding is signed: changing it breaks the signature
    SignedReceipt relabelled =
        new SignedReceipt(bound(b, "image-gen"), forPublish.signature(), Optional.empty());
    assertThat(reason(verifier.verify(Optional.of(relabelled), forImageGen, false)))
        .isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void attestationMustComeFromATrustedAttestor() {
    SignedReceipt good =
        SignedReceipt.sign(body(input, output, nonce, "v1", 10_100, 11_900), provider);
    assertThat(reason(check(good, true))).isEqualTo("NO_ATTESTATION");
    assertThat(reason(check(good.attestedBy(attestor), true))).isEqualTo("ACCEPTED");
    assertThat(reason(check(good.attestedBy(Fixtures.key(3)), true))).isEqualTo("BAD_ATTESTATION");
    assertThat(good.hash()).isNotEqualTo(SignedReceipt.GENESIS);
  }
}
