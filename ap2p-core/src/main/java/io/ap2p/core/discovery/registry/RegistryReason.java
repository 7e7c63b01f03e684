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
  UNEXPECTED
}
