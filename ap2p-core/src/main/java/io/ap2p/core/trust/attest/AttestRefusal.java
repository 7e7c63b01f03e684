package io.ap2p.core.trust.attest;

import io.ap2p.core.verdict.Verdict;

/** Why an attestor refused to countersign a receipt; the code travels on the wire. */
public enum AttestRefusal implements Verdict.Reason {
  /** The request broke the protocol (malformed, over a limit). */
  PROTOCOL(1),
  /** The receipt does not hold: bad signature, or digests of another input or output. */
  BAD_RECEIPT(2),
  /** The receipt is not signed by the peer asking: an attestor countersigns only for its signer. */
  NOT_PROVIDER(3),
  /** The run is too old or in the future (a replay, or a clock far off). */
  STALE(4),
  /** The attestor cannot check this tool (not deterministic, or unknown to it). */
  UNSUPPORTED(5),
  /** The attestor re-executed or checked the task and the output (or trace) differs. */
  MISMATCH(6),
  /** Re-execution refused the input as the tool would (so the output cannot be right). */
  BAD_INPUT(7),
  /** Too many requests at once. */
  BUSY(8);

  private final int code;

  AttestRefusal(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The refusal of wire code {@code code}; unknown codes read as {@link #PROTOCOL}. */
  public static AttestRefusal of(long code) {
    for (AttestRefusal r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return PROTOCOL;
  }
}
