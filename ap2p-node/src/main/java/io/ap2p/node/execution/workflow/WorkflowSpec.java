package io.ap2p.node.execution.workflow;

import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.Workflow;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow as a user writes it (docs/execution.md, "Workflow files"): core's {@link Workflow}
 * plus each step's own input and its media type, where it has one.
 *
 * @param workflow the steps, their capabilities, risks, deadlines and order
 * @param inputs the input of each step that has its own (the others take their predecessor's
 *     output)
 * @param policy the tier policy this run is verified under; empty for the node's default
 */
public record WorkflowSpec(
    Workflow workflow, Map<String, StepInput> inputs, Optional<TierPolicy> policy) {

  /** A step's own input and its media type. */
  public record StepInput(Bytes bytes, String mediaType) {}

  /** Copies the map, keeping step order. */
  public WorkflowSpec {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    for (String name : inputs.keySet()) {
      if (workflow.steps().stream().noneMatch(s -> s.name().equals(name))) {
        throw new IllegalArgumentException("input for unknown step " + name);
      }
    }
  }

  /** A spec verified under the node's default policy. */
  public WorkflowSpec(Workflow workflow, Map<String, StepInput> inputs) {
    this(workflow, inputs, Optional.empty());
  }

  /** This spec verified under {@code p}. */
  public WorkflowSpec withPolicy(TierPolicy p) {
    return new WorkflowSpec(workflow, inputs, Optional.of(p));
  }

  /** The step named {@code name}. */
  public Optional<Step> step(String name) {
    return workflow.steps().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The input bytes of the steps that have their own. */
  public Map<String, Bytes> inputBytes() {
    Map<String, Bytes> out = new LinkedHashMap<>();
    inputs.forEach((k, v) -> out.put(k, v.bytes()));
    return out;
  }

  /** A one-step workflow: invoke one capability on {@code input}. */
  public static WorkflowSpec single(Step step, Bytes input, String mediaType) {
    return new WorkflowSpec(
        new Workflow("invoke", List.of(step)),
        Map.of(step.name(), new StepInput(input, mediaType)));
  }
}
