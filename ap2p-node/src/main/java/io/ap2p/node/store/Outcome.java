package io.ap2p.node.store;

/**
 * What this node saw of a peer's work: whether it went well, for which tag, and of which kind
 * ("result", "canary", "timeout", "receipt", "error"; "attempt" in records of older versions).
 */
public record Outcome(String peer, String tag, boolean ok, String kind, long atMillis) {

  /** Checks the limits in {@link Limits}; {@code tag} may be empty. */
  public Outcome {
    Limits.id("peer", peer);
    Limits.optionalId("tag", tag);
    Limits.id("kind", kind);
  }
}
