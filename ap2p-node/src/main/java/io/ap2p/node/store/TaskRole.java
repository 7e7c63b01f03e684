package io.ap2p.node.store;

/** Which side of a task this node was on. */
public enum TaskRole {
  /** This node asked another to do the task. */
  REQUESTER,
  /** This node did the task for another. */
  PROVIDER
}
