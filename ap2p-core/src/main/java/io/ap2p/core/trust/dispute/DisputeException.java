package io.ap2p.core.trust.dispute;

/** A dispute bundle refused, with the reason and what was wrong. */
public final class DisputeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a bundle was refused. */
  public enum Reason {
    /** Over the size limit. */
    OVERSIZE,
    /** Not a bundle: not JSON, an unknown member or format, a field out of its limits. */
    MALFORMED,
    /** A receipt that does not decode. */
    BAD_RECEIPT,
    /** A receipt whose provider signature does not verify (altered or forged). */
    BAD_SIGNATURE,
    /** An attestation that does not verify under its attestor's key. */
    BAD_ATTESTATION,
    /** A descriptor that does not verify or was not valid when the task ran. */
    BAD_DESCRIPTOR,
    /**
     * The pieces disagree: a receipt signed by someone other than the descriptor's peer, or for
     * another task id, nonce, request or capability than the requester's records say (re-signed or
     * swapped receipts).
     */
    MISMATCH,
    /** The same receipt twice. */
    DUPLICATE
  }

  private final Reason reason;

  /** A refusal for {@code reason}. */
  public DisputeException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
