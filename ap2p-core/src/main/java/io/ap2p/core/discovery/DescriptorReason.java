package io.ap2p.core.discovery;

import io.ap2p.core.verdict.Verdict;

/** Why a descriptor was rejected or ignored, by a validator or a soft-state table. */
public enum DescriptorReason implements Verdict.Reason {
  /** Larger than the size limit. */
  OVERSIZE,
  /** Not valid JSON, or a field missing, mistyped or out of range. */
  MALFORMED,
  /** A schema version this code does not read. */
  UNKNOWN_SCHEMA,
  /** No signature, or one that is not 64 bytes of base64url. */
  MISSING_SIGNATURE,
  /** The peer id does not carry an Ed25519 key, so nothing can verify the signature. */
  UNSUPPORTED_KEY,
  /** The signature does not verify under the key of the descriptor's peer. */
  BAD_SIGNATURE,
  /** The descriptor's peer is not the authenticated sender. */
  PEER_MISMATCH,
  /** The TTL is below the minimum or above the maximum the holder accepts. */
  TTL_OUT_OF_BOUNDS,
  /** Issued further in the future than the clock-skew bound allows. */
  FROM_FUTURE,
  /** Its time to live has run out. */
  EXPIRED,
  /** A lower seq than one already seen for the same capability. */
  STALE_SEQ,
  /** The same seq as the held version but different content. */
  SEQ_CONFLICT,
  /** Exactly the held version again. */
  DUPLICATE,
  /** The capability was withdrawn at this seq or later. */
  WITHDRAWN,
  /** The provider already holds its quota of descriptors. */
  QUOTA_EXCEEDED,
  /** The holder is full. */
  TABLE_FULL
}
