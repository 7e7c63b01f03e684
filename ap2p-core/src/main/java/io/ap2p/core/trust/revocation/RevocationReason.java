package io.ap2p.core.trust.revocation;

import io.ap2p.core.verdict.Verdict;

/** Why a revocation was refused or ignored, or why a descriptor or peer is refused for one. */
public enum RevocationReason implements Verdict.Reason {
  /** Not a well-formed, canonical revocation within the limits. */
  MALFORMED,
  /** A signature (or the successor's countersignature) does not verify. */
  BAD_SIGNATURE,
  /** Issued further in the future than the clock skew allows. */
  FROM_FUTURE,
  /** Older than anything it could still revoke: nothing is kept for it. */
  EXPIRED,
  /** Already held, or weaker than what is held (a lower seq). */
  DUPLICATE,
  /** The table is full. */
  TABLE_FULL,
  /** The descriptor's seq is revoked. */
  DESCRIPTOR_REVOKED,
  /** The key handed its identity over to a successor. */
  KEY_ROTATED,
  /** The key declared itself compromised, or was named by a void hand-over. */
  KEY_COMPROMISED
}
