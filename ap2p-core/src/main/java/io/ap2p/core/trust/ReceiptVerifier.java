package io.ap2p.core.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;
import java.util.Set;

/** Checks Tier 3 evidence before a result is used. */
public final class ReceiptVerifier {

  private final Set<PeerId> trustedAttestors;
  private final long skewMillis;

  /** A verifier that accepts attestations from {@code trustedAttestors} only. */
  public ReceiptVerifier(Set<PeerId> trustedAttestors, long skewMillis) {
    this.trustedAttestors = Set.copyOf(trustedAttestors);
    this.skewMillis = skewMillis;
  }

  /**
   * What the requester knows about one invocation.
   *
   * @param provider the peer invoked
   * @param input the task's input
   * @param nonce the request nonce
   * @param output the output returned
   * @param version the tool version the descriptor announced ("" when it announced none)
   * @param sentAtMillis when the task was sent
   * @param receivedAtMillis when the result arrived
   * @param capability the capability id invoked; a receipt that binds another is refused ("" when
   *     the invocation named none)
   */
  public record Expected(
      PeerId provider,
      Bytes input,
      Bytes nonce,
      Bytes output,
      String version,
      long sentAtMillis,
      long receivedAtMillis,
      String capability) {

    /** Expectations that do not name the capability. */
    public Expected(
        PeerId provider,
        Bytes input,
        Bytes nonce,
        Bytes output,
        String version,
        long sentAtMillis,
        long receivedAtMillis) {
      this(provider, input, nonce, output, version, sentAtMillis, receivedAtMillis, "");
    }
  }

  /** Whether any attestor is trusted: without one, no attestation can be required. */
  public boolean pinsAttestors() {
    return !trustedAttestors.isEmpty();
  }

  /** Whether {@code attestor}'s countersignature is trusted here. */
  public boolean trusts(PeerId attestor) {
    return trustedAttestors.contains(attestor);
  }

  /** Accepts the receipt when every check holds; else the first failed check. */
  public Verdict<SignedReceipt> verify(
      Optional<SignedReceipt> receipt, Expected e, boolean requireAttestation) {
    if (receipt.isEmpty()) {
      return Verdict.reject(ReceiptReason.MISSING, "no receipt with the result");
    }
    SignedReceipt r = receipt.get();
    SignedReceipt.Body b = r.body();
    if (!b.provider().equals(e.provider())) {
      return Verdict.reject(ReceiptReason.WRONG_PROVIDER, "signed by " + b.provider());
    }
    Optional<PublicKey> key = b.provider().publicKey();
    if (key.isEmpty() || !verifies(key.get(), SignatureDomain.RECEIPT, b.encode(), r.signature())) {
      return Verdict.reject(ReceiptReason.BAD_SIGNATURE, "provider signature does not verify");
    }
    if (!b.inputDigest().equals(Digests.sha256(e.input()))) {
      return Verdict.reject(ReceiptReason.INPUT_MISMATCH, "input digest differs");
    }
    if (!b.outputDigest().equals(Digests.sha256(e.output()))) {
      return Verdict.reject(ReceiptReason.OUTPUT_MISMATCH, "output digest differs");
    }
    if (!b.nonce().equals(e.nonce())) {
      return Verdict.reject(ReceiptReason.NONCE_MISMATCH, "nonce of another request");
    }
    if (!b.capability().isEmpty() && !b.capability().equals(e.capability())) {
      return Verdict.reject(
          ReceiptReason.CAPABILITY_MISMATCH,
          "for capability " + b.capability() + ", not " + e.capability());
    }
    if (!e.version().isEmpty() && !e.version().equals(b.version())) {
      return Verdict.reject(
          ReceiptReason.VERSION_MISMATCH, b.version() + " but announced " + e.version());
    }
    if (b.startedAtMillis() + skewMillis < e.sentAtMillis()
        || b.finishedAtMillis() > e.receivedAtMillis() + skewMillis
        || b.finishedAtMillis() < b.startedAtMillis()) {
      return Verdict.reject(ReceiptReason.TIME_OUT_OF_RANGE, "run outside the invocation");
    }
    if (requireAttestation) {
      if (r.attestation().isEmpty()) {
        return Verdict.reject(ReceiptReason.NO_ATTESTATION, "attestation required");
      }
      SignedReceipt.Attestation a = r.attestation().get();
      Optional<PublicKey> ak = a.attestor().publicKey();
      if (!trustedAttestors.contains(a.attestor())
          || ak.isEmpty()
          || !verifies(ak.get(), SignatureDomain.ATTESTATION, b.encode(), a.signature())) {
        return Verdict.reject(ReceiptReason.BAD_ATTESTATION, "attestor " + a.attestor());
      }
    }
    return Verdict.accept(r);
  }

  private static boolean verifies(PublicKey key, SignatureDomain d, Bytes body, Bytes sig) {
    try {
      key.verify(d, body, sig);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }
}
