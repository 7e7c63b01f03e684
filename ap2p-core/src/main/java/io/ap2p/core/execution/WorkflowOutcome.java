package io.ap2p.core.execution;

import java.util.Map;

/**
 * How a workflow ended: success when every step succeeded, with each step's outcome.
 *
 * @param succeeded whether every step produced an accepted result
 * @param steps each started step's outcome, by step name, in start order
 */
public record WorkflowOutcome(boolean succeeded, Map<String, StepOutcome> steps) {

  /** Copies the map. */
  public WorkflowOutcome {
    steps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(steps));
  }
}
