package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.RiskClass;
import java.util.List;

/**
 * One step of a workflow: the capability it needs, its risk, its deadline and the steps it waits
 * for.
 *
 * @param name unique within the workflow
 * @param tag the capability to delegate to
 * @param risk how much harm a wrong result does
 * @param deadlineMs time allowed from the step's start to a verified result
 * @param after names of steps whose output this step needs (DAG edges)
 * @param intent free text that refines discovery beyond the tag ("" for none)
 */
public record Step(
    String name,
    CapabilityTag tag,
    RiskClass risk,
    long deadlineMs,
    List<String> after,
    String intent) {

  /** Checks the deadline and the intent's length; copies the list. */
  public Step {
    if (name.isBlank() || deadlineMs <= 0) {
      throw new IllegalArgumentException("a step needs a name and a positive deadline");
    }
    if (intent.length() > io.ap2p.core.discovery.Query.MAX_TEXT) {
      throw new IllegalArgumentException("a step's intent has at most 1024 characters");
    }
    after = List.copyOf(after);
  }

  /** A step found by its tag alone. */
  public Step(String name, CapabilityTag tag, RiskClass risk, long deadlineMs, List<String> after) {
    this(name, tag, risk, deadlineMs, after, "");
  }
}
