package io.ap2p.core.trust.attest;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.SignedReceipt;
import java.util.Optional;

/**
 * The attestor's checks that come before any re-execution, and its countersignature. A request is
 * refused when the receipt is not signed by the peer asking, does not verify, is for another input,
 * output or capability than the request carries, or ran outside the freshness window (which bounds
 * replays: a replayed request for a fresh receipt only earns the same countersignature again, over
 * the same body). Whether the output is right is for the caller to judge, by re-executing the task
 * or checking its output, before {@link #countersign}.
 */
public final class AttestJudge {

  private final long windowMillis;
  private final long skewMillis;

  /**
   * A judge that countersigns runs that finished at most {@code windowMillis} ago and at most
   * {@code skewMillis} ahead of its clock.
   */
  public AttestJudge(long windowMillis, long skewMillis) {
    if (windowMillis <= 0 || skewMillis < 0) {
      throw new IllegalArgumentException("the window must be positive and the skew not negative");
    }
    this.windowMillis = windowMillis;
    this.skewMillis = skewMillis;
  }

  /** The first reason to refuse {@code r} from {@code asker} at {@code nowMillis}, if any. */
  public Optional<AttestMessage.Refused> precheck(
      AttestMessage.Request r, PeerId asker, long nowMillis) {
    SignedReceipt.Body b = r.receipt().body();
    if (!b.provider().equals(asker)) {
      return refuse(AttestRefusal.NOT_PROVIDER, "receipt signed by " + b.provider());
    }
    Optional<PublicKey> key = b.provider().publicKey();
    if (key.isEmpty()) {
      return refuse(AttestRefusal.BAD_RECEIPT, "the provider's peer id carries no key");
    }
    try {
      key.get().verify(SignatureDomain.RECEIPT, b.encode(), r.receipt().signature());
    } catch (SignatureVerificationException e) {
      return refuse(AttestRefusal.BAD_RECEIPT, "provider signature does not verify");
    }
    if (!b.inputDigest().equals(Digests.sha256(r.input()))) {
      return refuse(AttestRefusal.BAD_RECEIPT, "input digest differs from the input sent");
    }
    if (!b.outputDigest().equals(Digests.sha256(r.output()))) {
      return refuse(AttestRefusal.BAD_RECEIPT, "output digest differs from the output sent");
    }
    if (!b.capability().equals(r.capability())) {
      return refuse(
          AttestRefusal.BAD_RECEIPT,
          "receipt for capability '" + b.capability() + "', not '" + r.capability() + "'");
    }
    if (b.finishedAtMillis() < b.startedAtMillis()
        || b.finishedAtMillis() > nowMillis + skewMillis
        || b.finishedAtMillis() < nowMillis - windowMillis) {
      return refuse(AttestRefusal.STALE, "run finished outside the attestor's window");
    }
    return Optional.empty();
  }

  /** {@code attestor}'s countersignature over {@code r}'s body. */
  public static AttestMessage.Countersigned countersign(SignedReceipt r, Signer attestor) {
    return new AttestMessage.Countersigned(r.attestedBy(attestor).attestation().orElseThrow());
  }

  /**
   * {@code r} with the countersignature {@code c}, once it verifies as {@code expected}'s signature
   * over {@code r}'s body: what a provider checks before passing an attestation on.
   *
   * @throws IllegalArgumentException if it is another attestor's or does not verify
   */
  public static SignedReceipt attach(
      SignedReceipt r, AttestMessage.Countersigned c, PeerId expected) {
    SignedReceipt.Attestation a = c.attestation();
    if (!a.attestor().equals(expected)) {
      throw new IllegalArgumentException("countersigned by " + a.attestor() + ", not " + expected);
    }
    Optional<PublicKey> key = a.attestor().publicKey();
    try {
      if (key.isEmpty()) {
        throw new SignatureVerificationException("no key in the attestor's peer id");
      }
      key.get().verify(SignatureDomain.ATTESTATION, r.body().encode(), a.signature());
    } catch (SignatureVerificationException e) {
      throw new IllegalArgumentException("countersignature does not verify", e);
    }
    return new SignedReceipt(r.body(), r.signature(), Optional.of(a));
  }

  private static Optional<AttestMessage.Refused> refuse(AttestRefusal why, String detail) {
    return Optional.of(new AttestMessage.Refused(why, detail));
  }
}
