package io.ap2p.core.trust.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.trust.dispute.DisputeException.Reason;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bundle verifies offline and says who signed what; every tampering is refused with a reason. */
class DisputeBundleTest {

  static final PrivateKey PROVIDER = Fixtures.key(1);
  static final PrivateKey ATTESTOR = Fixtures.key(2);
  static final PrivateKey OTHER = Fixtures.key(3);
  static final long START = Fixtures.T0.toEpochMilli() + 5_000;
  static final SignedDescriptor DESCRIPTOR =
      Fixtures.signed(PROVIDER, "image-gen", 7, Fixtures.T0, 3600);
  static final Bytes INPUT = Bytes.wrap("draw a fox".getBytes(StandardCharsets.UTF_8));

  static Bytes nonce(int n) {
    byte[] b = new byte[16];
    Arrays.fill(b, (byte) n);
    return Bytes.wrap(b);
  }

  static SignedReceipt receipt(PrivateKey signer, String taskId, int nonce) {
    return SignedReceipt.sign(
        new SignedReceipt.Body(
            signer.peerId(),
            taskId,
            Digests.sha256(INPUT),
            Digests.sha256(Bytes.wrap(new byte[] {1, 2, 3})),
            "imagegen",
            DESCRIPTOR.descriptor().state().version(),
            START,
            START + 2_500,
            nonce(nonce),
            SignedReceipt.GENESIS,
            "image-gen",
            new Trace(List.of(new Trace.Entry("sdxl", "1.0", Bytes.EMPTY)))),
        signer);
  }

  static DisputeBundle.Step step(String name, String taskId, int nonce, SignedReceipt r) {
    return new DisputeBundle.Step(
        name,
        Optional.of(taskId),
        Optional.of(DESCRIPTOR.toJsonBytes()),
        Optional.of(Digests.sha256(INPUT)),
        Optional.of(nonce(nonce)),
        ReceiptCodec.encode(r));
  }

  static DisputeBundle honest() {
    return new DisputeBundle(
        "run-1",
        "12D3KooWexporter",
        List.of(
            step(
                "run-1/gen",
                "run-1-gen-1",
                1,
                receipt(PROVIDER, "run-1-gen-1", 1).attestedBy(ATTESTOR)),
            step("run-1/pub", "run-1-pub-1", 2, receipt(PROVIDER, "run-1-pub-1", 2))));
  }

  static Reason refusal(Bytes bundle) {
    try {
      DisputeVerifier.verify(DisputeCodec.decode(bundle));
    } catch (DisputeException e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void anHonestBundleRoundTripsAndSaysWhoSignedWhat() throws Exception {
    Bytes enc = DisputeCodec.encode(honest());
    DisputeBundle back = DisputeCodec.decode(enc);
    assertThat(DisputeCodec.encode(back)).isEqualTo(enc);
    String report = String.join("\n", DisputeVerifier.verify(back));
    assertThat(report)
        .contains("receipt signed by provider " + PROVIDER.peerId())
        .contains("attestation: " + ATTESTOR.peerId() + " countersigned")
        .contains("descriptor signed by " + PROVIDER.peerId() + ": capability image-gen seq 7")
        .contains("trace: sdxl 1.0")
        .contains("verified:");
  }

  @Test
  void truncatedOversizedAndMalformedBundlesAreRefused() {
    Bytes enc = DisputeCodec.encode(honest());
    assertThat(refusal(enc.slice(0, enc.length() / 2))).isEqualTo(Reason.MALFORMED);
    assertThat(refusal(Bytes.wrap(new byte[DisputeCodec.MAX_BYTES + 1])))
        .isEqualTo(Reason.OVERSIZE);
    String text = new String(enc.toByteArray(), StandardCharsets.UTF_8);
    assertThat(refusal(utf8(text.replace("\"task\"", "\"extra\": 1, \"task\""))))
        .isEqualTo(Reason.MALFORMED);
    assertThat(refusal(utf8(text.replace("ap2p-dispute/1", "ap2p-dispute/9"))))
        .isEqualTo(Reason.MALFORMED);
    assertThat(refusal(utf8("[]"))).isEqualTo(Reason.MALFORMED);
    assertThat(
            refusal(
                utf8(
                    "{\"format\":\"ap2p-dispute/1\",\"task\":\"t\",\"exporter\":\"e\",\"steps\":[]}")))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aForgedReceiptIsRefused() {
    SignedReceipt real = receipt(PROVIDER, "run-1-gen-1", 1);
    SignedReceipt.Body b = real.body();
    SignedReceipt forged =
        new SignedReceipt(
            new SignedReceipt.Body(
                b.provider(),
                b.taskId(),
                b.inputDigest(),
                Digests.sha256(INPUT),
                b.tool(),
                b.version(),
                b.startedAtMillis(),
                b.finishedAtMillis(),
                b.nonce(),
                b.previous(),
                b.capability(),
                b.trace()),
            real.signature(),
            Optional.empty());
    assertThat(refusal(one(step("run-1/gen", "run-1-gen-1", 1, forged))))
        .isEqualTo(Reason.BAD_SIGNATURE);
    SignedReceipt badAttestation =
        new SignedReceipt(
            b,
            real.signature(),
            Optional.of(new SignedReceipt.Attestation(ATTESTOR.peerId(), real.signature())));
    assertThat(refusal(one(step("run-1/gen", "run-1-gen-1", 1, badAttestation))))
        .isEqualTo(Reason.BAD_ATTESTATION);
    assertThat(
            refusal(
                one(
                    new DisputeBundle.Step(
                        "s",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Bytes.wrap(new byte[] {9, 9, 9})))))
        .isEqualTo(Reason.BAD_RECEIPT);
  }

  @Test
  void aReceiptReSignedByAnotherKeyIsRefused() {
    // a valid signature, but not by the peer whose descriptor the task was chosen under
    assertThat(refusal(one(step("run-1/gen", "run-1-gen-1", 1, receipt(OTHER, "run-1-gen-1", 1)))))
        .isEqualTo(Reason.MISMATCH);
  }

  @Test
  void swappedOrDuplicatedReceiptsAreRefused() {
    SignedReceipt gen = receipt(PROVIDER, "run-1-gen-1", 1);
    SignedReceipt pub = receipt(PROVIDER, "run-1-pub-1", 2);
    DisputeBundle swapped =
        new DisputeBundle(
            "run-1",
            "e",
            List.of(
                step("run-1/gen", "run-1-gen-1", 1, pub),
                step("run-1/pub", "run-1-pub-1", 2, gen)));
    assertThat(refusal(DisputeCodec.encode(swapped))).isEqualTo(Reason.MISMATCH);
    DisputeBundle twice =
        new DisputeBundle(
            "run-1",
            "e",
            List.of(
                step("run-1/gen", "run-1-gen-1", 1, gen),
                step("run-1/gen2", "run-1-gen-1", 1, gen)));
    assertThat(refusal(DisputeCodec.encode(twice))).isEqualTo(Reason.DUPLICATE);
    // another request's nonce or input under the right task id
    assertThat(refusal(one(step("run-1/gen", "run-1-gen-1", 2, gen)))).isEqualTo(Reason.MISMATCH);
  }

  @Test
  void aTamperedDescriptorIsRefused() {
    String json = new String(DESCRIPTOR.toJsonBytes().toByteArray(), StandardCharsets.UTF_8);
    Bytes tampered = utf8(json.replace("\"seq\":7", "\"seq\":8"));
    SignedReceipt r = receipt(PROVIDER, "t-1", 1);
    DisputeBundle.Step s =
        new DisputeBundle.Step(
            "t",
            Optional.of("t-1"),
            Optional.of(tampered),
            Optional.empty(),
            Optional.empty(),
            ReceiptCodec.encode(r));
    assertThat(refusal(one(s))).isEqualTo(Reason.BAD_DESCRIPTOR);
  }

  static Bytes one(DisputeBundle.Step s) {
    return DisputeCodec.encode(new DisputeBundle("run-1", "e", List.of(s)));
  }

  static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}
