package io.ap2p.node.store;

/**
 * A capability this node serves: its id, the JSON text of its configuration entry (opaque here) and
 * when it was added.
 */
public record StoredCapability(String id, String config, long addedAtMillis) {

  /** Checks the limits in {@link Limits}. */
  public StoredCapability {
    Limits.id("id", id);
    Limits.json("config", config);
  }
}
