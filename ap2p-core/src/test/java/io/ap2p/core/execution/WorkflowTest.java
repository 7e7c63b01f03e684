package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.trust.RiskClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A workflow's shape: steps run after earlier steps only. */
class WorkflowTest {

  static final CapabilityTag TAG = new CapabilityTag("image.generate");

  @Test
  void workflowsRejectCyclesAndChainOutputs() {
    Workflow w = Workflow.imageThenPublish(10_000);
    assertThat(w.steps().get(1).after()).containsExactly("generate");
    assertThatThrownBy(
            () ->
                new Workflow(
                    "loop",
                    List.of(
                        new Step("a", TAG, RiskClass.LOW, 1, List.of("b")),
                        new Step("b", TAG, RiskClass.LOW, 1, List.of("a")))))
        .hasMessageContaining("not an earlier step");
  }
}
