package io.ap2p.node.store;

/** Whether this node gave a receipt (as provider) or received it (as requester). */
public enum ReceiptDirection {
  /** Signed by this node for work it did. */
  GIVEN,
  /** Signed by a provider for work this node asked for. */
  RECEIVED
}
