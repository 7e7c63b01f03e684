package io.ap2p.node.execution.handler;

/** Where a handler reports how far it got; the node forwards reports to the requester. */
@FunctionalInterface
public interface Progress {

  /** Discards reports. */
  Progress NONE = (fraction, message) -> {};

  /**
   * Reports progress.
   *
   * @param fraction how much is done, 0 to 1
   * @param message a short note for people, possibly empty
   */
  void report(double fraction, String message);
}
