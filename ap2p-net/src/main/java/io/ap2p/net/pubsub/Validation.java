package io.ap2p.net.pubsub;

/**
 * What the application makes of a received message (gossipsub-v1.1.md, "Extended Validators"):
 * ACCEPT delivers and forwards it, IGNORE drops it quietly, REJECT drops it and counts against the
 * peer that sent it.
 */
public enum Validation {
  /** Valid: deliver and forward. */
  ACCEPT,
  /** Not forwarded, not penalised (a duplicate, an old version, out of interest). */
  IGNORE,
  /** Invalid: not forwarded, and the sending peer is penalised. */
  REJECT
}
