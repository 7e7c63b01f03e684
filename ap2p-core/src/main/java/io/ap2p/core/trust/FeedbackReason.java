package io.ap2p.core.trust;

import io.ap2p.core.verdict.Verdict;

/** Why a signed feedback report was not taken. */
public enum FeedbackReason implements Verdict.Reason {
  /** The signature does not verify under the reporter's key. */
  BAD_SIGNATURE,
  /** Signed by another peer than the one that answered. */
  WRONG_REPORTER,
  /** The report carries another query's nonce (a replay). */
  NONCE_MISMATCH,
  /** Issued too long ago, or in the future beyond the tolerated skew. */
  EXPIRED,
  /** About a peer the query did not ask about. */
  NOT_ASKED,
  /** A peer reporting on itself. */
  SELF_REPORT
}
