package io.ap2p.core.discovery.registry;

import io.ap2p.core.verdict.Verdict;

/** Why the registry refused or ignored a request, beyond the descriptor's own checks. */
public enum RegistryReason implements Verdict.Reason {
  /** The sender exceeded its request rate. */
  RATE_LIMITED,
  /** The message could not be decoded. */
  MALFORMED,
  /** A withdrawal named nothing the sender holds. */
  NOT_FOUND,
  /** The request is of a kind a registry does not answer. */
  UNEXPECTED,
  /**
   * The registry prices identities and the sender has not proven one: the Ack's {@code
   * identityBits} says how many bits to mint (docs/discovery.md, "A price on identities").
   */
  IDENTITY_PROOF_REQUIRED,
  /**
   * The identity proof sent does not reach the bits the registry requires for the sender (another
   * peer's counter, too few bits, a wrong length); the Ack's {@code identityBits} says how many.
   */
  IDENTITY_PROOF_INVALID
}
