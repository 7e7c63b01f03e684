package io.ap2p.node.a2a;

import java.util.Objects;

/**
 * Why an AgentCard or its signature was refused: a {@link Reason} and a message naming the part.
 */
public final class CardRejectedException extends Exception {

  /** What is wrong, for messages, exit codes and tests. */
  public enum Reason {
    /** Larger than {@link CardVerifier#MAX_CARD_BYTES}. */
    TOO_LARGE,
    /** Not JSON, or a member of the A2A schema has the wrong type or value. */
    MALFORMED_CARD,
    /** The card carries no signature. */
    NO_SIGNATURE,
    /** A signature entry is not a well-formed JWS (base64url, header JSON, signature length). */
    MALFORMED_JWS,
    /** The protected header names an algorithm (or a critical extension) other than EdDSA. */
    UNSUPPORTED_ALG,
    /** Signed by another key than the one pinned (or its {@code kid} names another peer). */
    WRONG_KEY,
    /** The card's content differs from what was signed (its digest in the header differs). */
    CARD_CHANGED,
    /** The signature does not verify over the card under the pinned key. */
    BAD_SIGNATURE
  }

  private final Reason reason;

  /** A refusal for {@code reason}. */
  public CardRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return reason + ": " + getMessage();
  }
}
