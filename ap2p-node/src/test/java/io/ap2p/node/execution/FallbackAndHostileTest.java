package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A requester falls back past a hostile provider that out-claims an honest one: errors, silence,
 * garbage frames, oversized answers and forged, replayed or mismatched receipts each cost one
 * attempt, and the honest provider's result is the one accepted.
 */
@Tag("slow")
class FallbackAndHostileTest {

  @TempDir Path dir;
  LoopbackNetwork net;
  Node honest;
  Node requester;

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
    honest = net.provider("honest", "text.summarize");
    requester = net.requester("requester");
  }

  @AfterEach
  void close() {
    net.close();
  }

  static final String TEXT =
      "Peers publish signed descriptors. Requesters find them. Canaries catch liars early."
          + " Receipts bind outputs to inputs. Reputation remembers who delivered.";

  @Test
  void whatTheRequesterSawSurvivesARestart() throws Exception {
    Node evil = HostileProvider.start(net, "evil", HostileProvider.Behaviour.ERROR);
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step(
                "summarize",
                new CapabilityTag(HostileProvider.TAG),
                RiskClass.LOW,
                20_000,
                List.of()),
            Bytes.wrap(TEXT.getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    assertThat(requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS).state())
        .isEqualTo(TaskRun.State.SUCCEEDED);
    CapabilityTag tag = new CapabilityTag(HostileProvider.TAG);
    var before = requester.workflows().reputation();
    assertThat(before.score(evil.host().peerId(), tag))
        .isLessThan(before.score(honest.host().peerId(), tag));
    requester.close();
    net.nodes.remove(requester);

    Node again =
        net.start(
            "requester",
            false,
            java.util.Optional.of(net.registryAddr),
            List.of(),
            ExecutionLimits.DEFAULTS);

    var after = again.workflows().reputation();
    assertThat(after.known(evil.host().peerId())).isTrue();
    // evidence ages (7-day half-life): the seconds between the two readings change the 1e-5th place
    assertThat(after.score(evil.host().peerId(), tag))
        .isCloseTo(
            before.score(evil.host().peerId(), tag), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(after.score(honest.host().peerId(), tag))
        .isCloseTo(
            before.score(honest.host().peerId(), tag),
            org.assertj.core.api.Assertions.within(1e-6));
  }

  @ParameterizedTest
  @EnumSource(HostileProvider.Behaviour.class)
  void fallsBackPastAHostileProvider(HostileProvider.Behaviour b) throws Exception {
    Node evil = HostileProvider.start(net, "evil-" + b, b);
    try {
      // receipts are checked on steps with irreversible effects: make every step need them
      Step step =
          new Step(
              "summarize",
              new CapabilityTag(HostileProvider.TAG),
              RiskClass.HIGH,
              20_000,
              List.of());
      WorkflowSpec spec =
          WorkflowSpec.single(
              step, Bytes.wrap(TEXT.getBytes(StandardCharsets.UTF_8)), "text/plain");

      TaskRun.Snapshot done =
          requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS);

      TaskRun.StepView s = done.steps().get(0);
      assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
      assertThat(s.provider()).contains(honest.host().peerId());
      assertThat(s.attempts()).as("the hostile provider was tried first").isEqualTo(2);
      assertThat(s.failures()).hasSize(1);
      assertThat(s.failures().get(0)).contains(evil.host().peerId().shortForm());
    } finally {
      evil.close();
    }
  }
}
