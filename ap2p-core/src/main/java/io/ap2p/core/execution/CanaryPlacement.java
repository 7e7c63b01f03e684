package io.ap2p.core.execution;

/** When a step's canary is sent relative to its real task. */
public enum CanaryPlacement {
  /**
   * The canary first; the real task only after its answer is right (the paper's model and the
   * simulator's default). The order itself tells a provider which task is the canary. The canary
   * counts as its candidate's attempt, as under every placement.
   */
  BEFORE,
  /**
   * The canary and the real task together, in an order drawn at random; the real result is used
   * only once the canary's answer is right. Neither order nor timing tells them apart.
   */
  ALONGSIDE,
  /**
   * Each probe drawn at random: {@link #BEFORE} or {@link #ALONGSIDE} (in a random order), so no
   * rule on order or timing tells a canary apart more than half the time; a canary counts as its
   * candidate's attempt either way.
   */
  MIXED
}
