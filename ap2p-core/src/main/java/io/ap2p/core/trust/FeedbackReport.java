package io.ap2p.core.trust;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;

/**
 * What one peer says it saw of another's work on one capability tag: the weight of good and bad
 * evidence in thousandths (after its own aging; a failure counts once here, the receiver applies
 * its own penalty), when it said so, and the nonce of the query it answers.
 *
 * @param reporter who saw it (and signs)
 * @param subject whose work it was
 * @param tag the capability tag
 * @param goodMilli good evidence × 1000, 0 to {@link FeedbackCodec#MAX_EVIDENCE_MILLI}
 * @param badMilli bad evidence × 1000, 0 to {@link FeedbackCodec#MAX_EVIDENCE_MILLI}
 * @param issuedAtMillis when the reporter signed it
 * @param nonce the asking peer's nonce, so the report answers that query only
 */
public record FeedbackReport(
    PeerId reporter,
    PeerId subject,
    CapabilityTag tag,
    long goodMilli,
    long badMilli,
    long issuedAtMillis,
    Bytes nonce) {

  /** Checks the ranges. */
  public FeedbackReport {
    if (goodMilli < 0 || goodMilli > FeedbackCodec.MAX_EVIDENCE_MILLI) {
      throw new IllegalArgumentException("goodMilli out of range: " + goodMilli);
    }
    if (badMilli < 0 || badMilli > FeedbackCodec.MAX_EVIDENCE_MILLI) {
      throw new IllegalArgumentException("badMilli out of range: " + badMilli);
    }
    if (issuedAtMillis < 0) {
      throw new IllegalArgumentException("issuedAtMillis < 0");
    }
    if (nonce.length() < FeedbackCodec.MIN_NONCE || nonce.length() > FeedbackCodec.MAX_NONCE) {
      throw new IllegalArgumentException("nonce of " + nonce.length() + " bytes, not 16 to 32");
    }
  }
}
