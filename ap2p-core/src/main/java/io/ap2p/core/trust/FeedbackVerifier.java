package io.ap2p.core.trust;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.WireFormatException;

/**
 * Judges one signed feedback report received in answer to a query: signed by the peer that answered
 * (its key is inlined in its Ed25519 peer id), carrying the query's nonce, about a peer the query
 * asked about and not the reporter itself, and issued within {@code maxAgeMillis} before now (or at
 * most {@code skewMillis} after).
 */
public final class FeedbackVerifier {

  /** Oldest report accepted: an answer is given at once, so a minute is generous. */
  public static final long MAX_AGE_MILLIS = 60_000;

  /** Clock difference tolerated for reports dated in the future. */
  public static final long SKEW_MILLIS = 5_000;

  private FeedbackVerifier() {}

  /**
   * The verdict on {@code signed}, received from {@code answeredBy} for {@code query} at {@code
   * nowMillis}.
   */
  public static Verdict<FeedbackReport> verify(
      FeedbackCodec.Signed signed, PeerId answeredBy, FeedbackCodec.Query query, long nowMillis) {
    PublicKey key = answeredBy.publicKey().orElse(null);
    if (key == null) {
      return Verdict.reject(FeedbackReason.BAD_SIGNATURE, "the reporter's id inlines no key");
    }
    try {
      key.verify(FeedbackCodec.DOMAIN, signed.body(), signed.signature());
    } catch (SignatureVerificationException | IllegalArgumentException e) {
      return Verdict.reject(FeedbackReason.BAD_SIGNATURE, "signature does not verify");
    }
    FeedbackReport r;
    try {
      r = FeedbackCodec.decodeBody(signed.body());
    } catch (WireFormatException e) {
      // signed garbage by the answering peer itself
      return Verdict.reject(FeedbackReason.BAD_SIGNATURE, "signed body is malformed");
    }
    if (!r.reporter().equals(answeredBy)) {
      return Verdict.reject(FeedbackReason.WRONG_REPORTER, "reporter " + r.reporter().shortForm());
    }
    if (!r.nonce().equals(query.nonce())) {
      return Verdict.reject(FeedbackReason.NONCE_MISMATCH, "another query's nonce");
    }
    if (r.subject().equals(r.reporter())) {
      return Verdict.reject(FeedbackReason.SELF_REPORT, "about itself");
    }
    if (!query.subjects().contains(r.subject())) {
      return Verdict.reject(FeedbackReason.NOT_ASKED, "about " + r.subject().shortForm());
    }
    if (r.issuedAtMillis() < nowMillis - MAX_AGE_MILLIS
        || r.issuedAtMillis() > nowMillis + SKEW_MILLIS) {
      return Verdict.reject(
          FeedbackReason.EXPIRED, "issued at " + r.issuedAtMillis() + ", now " + nowMillis);
    }
    return Verdict.accept(r);
  }
}
