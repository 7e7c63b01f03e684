package io.ap2p.core.trust;

import io.ap2p.core.verdict.Verdict;

/** Why a receipt (Tier 3 evidence) was not accepted. */
public enum ReceiptReason implements Verdict.Reason {
  /** The result came without a receipt. */
  MISSING,
  /** The provider's signature does not verify. */
  BAD_SIGNATURE,
  /** Signed by another peer than the one invoked. */
  WRONG_PROVIDER,
  /** The receipt is for other input. */
  INPUT_MISMATCH,
  /** The receipt is for other output than what was returned. */
  OUTPUT_MISMATCH,
  /** The receipt does not carry this request's nonce (a replay). */
  NONCE_MISMATCH,
  /** The receipt binds another capability than the one invoked. */
  CAPABILITY_MISMATCH,
  /** The tool version differs from the one the descriptor announced. */
  VERSION_MISMATCH,
  /** The run's times are outside the invocation's window. */
  TIME_OUT_OF_RANGE,
  /** Attestation was required and is absent. */
  NO_ATTESTATION,
  /** The attestation is by an untrusted key or does not verify. */
  BAD_ATTESTATION
}
