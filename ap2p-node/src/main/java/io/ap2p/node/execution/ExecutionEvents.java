package io.ap2p.node.execution;

/**
 * What delegation reports as it works, for metrics: the verification checks its steps ran. Called
 * under the workflow service's lock; implementations must return quickly and never throw.
 */
public interface ExecutionEvents {

  /** Reports nothing. */
  ExecutionEvents NONE = new ExecutionEvents() {};

  /**
   * A check of a delegated step ended: {@code tier} 2 with {@code check} "canary" (a candidate's
   * canary answer judged right or wrong), tier 3 with "receipt" (the evidence of a result accepted
   * or rejected, attestation included where the step needs it).
   */
  default void checked(int tier, String check, boolean passed) {}
}
