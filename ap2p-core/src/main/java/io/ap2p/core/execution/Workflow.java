package io.ap2p.core.execution;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.RiskClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A workflow: steps in an order where every step comes after the steps it waits for (a DAG, a chain
 * by default).
 */
public record Workflow(String name, List<Step> steps) {

  /** Checks unique names and that each step only waits for earlier steps (so no cycle). */
  public Workflow {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a workflow needs at least one step");
    }
    steps = List.copyOf(steps);
    Set<String> seen = new HashSet<>();
    for (Step s : steps) {
      for (String dep : s.after()) {
        if (!seen.contains(dep)) {
          throw new IllegalArgumentException(
              "step " + s.name() + " waits for " + dep + ", which is not an earlier step");
        }
      }
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException("duplicate step name " + s.name());
      }
    }
  }

  /** A chain: each step waits for the one before. */
  public static Workflow chain(String name, List<Step> steps) {
    List<Step> out = new ArrayList<>();
    String prev = null;
    for (Step s : steps) {
      out.add(
          new Step(
              s.name(),
              s.tag(),
              s.risk(),
              s.deadlineMs(),
              prev == null ? List.of() : List.of(prev),
              s.intent()));
      prev = s.name();
    }
    return new Workflow(name, out);
  }

  /** The paper's workflow: generate an image, then publish it (irreversible). */
  public static Workflow imageThenPublish(long stepDeadlineMs) {
    return chain(
        "image-then-publish",
        List.of(
            new Step(
                "generate",
                new CapabilityTag("image.generate"),
                RiskClass.LOW,
                stepDeadlineMs,
                List.of()),
            new Step(
                "publish",
                new CapabilityTag("content.publish"),
                RiskClass.HIGH,
                stepDeadlineMs,
                List.of())));
  }
}
