package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkflowRunTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());

  WorkflowRun run(TierPolicy policy) {
    return new WorkflowRun(
        Workflow.imageThenPublish(30_000),
        Bytes.wrap("fox".getBytes()),
        new WorkflowRun.Context(
            clock,
            new SplittableRandom(1),
            Reputation.defaults(),
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(), 1000),
            policy,
            10));
  }

  SignedDescriptor provider(int key, String tag) {
    var t = Fixtures.template();
    t.put("id", "c" + key);
    t.withObject("/intent").putArray("tags").add(tag);
    return Fixtures.signed(Fixtures.key(key), t, Fixtures.T0);
  }

  @Test
  void stepsRunInOrderAndEachFeedsTheNext() {
    WorkflowRun run = run(TierPolicy.NAIVE);
    Deque<WorkflowRun.Action> queue = new ArrayDeque<>(run.start());
    List<Bytes> inputs = new ArrayList<>();
    WorkflowOutcome outcome = null;
    while (!queue.isEmpty()) {
      WorkflowRun.Action a = queue.poll();
      switch (a) {
        case WorkflowRun.Action.Discover d ->
            queue.addAll(
                run.onCandidates(
                    d.step(),
                    List.of(provider(1, "image.generate"), provider(2, "content.publish"))));
        case WorkflowRun.Action.StepAction s -> {
          if (s.action() instanceof Delegation.Action.Invoke inv) {
            inputs.add(inv.task().input());
            Bytes out = Bytes.wrap((inv.task().input().toUtf8() + ">" + s.step()).getBytes());
            queue.addAll(
                run.onResult(s.step(), inv.attempt(), new TaskResult(out, Optional.empty())));
          }
        }
        case WorkflowRun.Action.Completed c -> outcome = c.outcome();
      }
    }
    assertThat(outcome).isNotNull();
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.steps().keySet()).containsExactly("generate", "publish");
    assertThat(inputs.get(1).toUtf8()).isEqualTo("fox>generate");
  }

  @Test
  void aCandidateDeclaringWorseRaisesItsOwnChecksOnlyNotTheOthers() {
    // a harmless step; the first-ranked candidate declares an irreversible effect, the second
    // declares none: it is asked for a receipt, the other is not
    WorkflowRun run = run(TierPolicy.RISK_AWARE);
    var t = Fixtures.template();
    t.put("id", "c1");
    t.withObject("/constraints").put("sideEffect", "irreversible");
    t.withObject("/qos").put("latencyP50Ms", 1).put("latencyP95Ms", 2); // ranks first
    SignedDescriptor declaring = Fixtures.signed(Fixtures.key(1), t, Fixtures.T0);
    List<Delegation.Action.Invoke> sent = new ArrayList<>();
    for (WorkflowRun.Action a :
        run.onCandidates("generate", List.of(declaring, provider(2, "image.generate")))) {
      if (a instanceof WorkflowRun.Action.StepAction sa
          && sa.action() instanceof Delegation.Action.Invoke inv) {
        sent.add(inv);
      }
    }
    assertThat(sent.get(0).target()).isEqualTo(declaring);
    assertThat(sent.get(0).receiptWanted()).isTrue();
    List<Delegation.Action.Invoke> next = new ArrayList<>();
    for (WorkflowRun.Action a : run.onError("generate", sent.get(0).attempt(), "busy")) {
      if (a instanceof WorkflowRun.Action.StepAction sa
          && sa.action() instanceof Delegation.Action.Invoke inv) {
        next.add(inv);
      }
    }
    assertThat(next).hasSize(1);
    assertThat(next.get(0).target().descriptor().peer()).isEqualTo(Fixtures.key(2).peerId());
    assertThat(next.get(0).receiptWanted()).isFalse();
  }

  @Test
  void aCandidateDeclaringAnIrreversibleSideEffectRaisesTheStepsChecks() {
    // the workflow marks its first step harmless; a candidate declares an irreversible effect:
    // under risk-aware the step then wants a receipt (evidence), as a high-risk step does
    WorkflowRun run = run(TierPolicy.RISK_AWARE);
    var t = Fixtures.template();
    t.put("id", "c1");
    t.withObject("/constraints").put("sideEffect", "irreversible");
    SignedDescriptor declaring = Fixtures.signed(Fixtures.key(1), t, Fixtures.T0);
    List<WorkflowRun.Action> out = run.onCandidates("generate", List.of(declaring));
    Delegation.Action.Invoke inv =
        out.stream()
            .filter(
                a ->
                    a instanceof WorkflowRun.Action.StepAction sa
                        && sa.action() instanceof Delegation.Action.Invoke)
            .map(a -> (Delegation.Action.Invoke) ((WorkflowRun.Action.StepAction) a).action())
            .findFirst()
            .orElseThrow();
    assertThat(inv.receiptWanted()).isTrue();

    WorkflowRun plain = run(TierPolicy.RISK_AWARE);
    Delegation.Action.Invoke harmless =
        plain.onCandidates("generate", List.of(provider(2, "image.generate"))).stream()
            .filter(
                a ->
                    a instanceof WorkflowRun.Action.StepAction sa
                        && sa.action() instanceof Delegation.Action.Invoke)
            .map(a -> (Delegation.Action.Invoke) ((WorkflowRun.Action.StepAction) a).action())
            .findFirst()
            .orElseThrow();
    assertThat(harmless.receiptWanted()).isFalse();
  }

  @Test
  void aFailedStepFailsTheWorkflowWithoutStartingTheNext() {
    WorkflowRun run = run(TierPolicy.NAIVE);
    WorkflowRun.Action.Discover d = (WorkflowRun.Action.Discover) run.start().get(0);
    List<WorkflowRun.Action> as = run.onCandidates(d.step(), List.of());
    WorkflowRun.Action.Completed c = (WorkflowRun.Action.Completed) as.get(as.size() - 1);
    assertThat(c.outcome().succeeded()).isFalse();
    assertThat(c.outcome().steps().get("generate").reason()).isEqualTo("no candidates");
    assertThat(as).noneMatch(x -> x instanceof WorkflowRun.Action.Discover);
  }

  @Test
  void providersAdmittingTheyAreDegradedGoAfterTheAvailableWhateverTheirRecord() {
    List<io.ap2p.core.discovery.matching.Match> ranked = new ArrayList<>();
    String[] states = {"degraded", "available", "unavailable", "available"};
    for (int i = 0; i < states.length; i++) {
      com.fasterxml.jackson.databind.node.ObjectNode t = Fixtures.template();
      ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("state"))
          .put("availability", states[i]);
      ranked.add(
          new io.ap2p.core.discovery.matching.Match(
              Fixtures.signed(Fixtures.key(i + 1), t, Fixtures.T0),
              new io.ap2p.core.discovery.matching.ScoreBreakdown(1, 0, 0, 0, 1, false)));
    }
    assertThat(WorkflowRun.availableFirst(ranked))
        .containsExactly(ranked.get(1), ranked.get(3), ranked.get(0), ranked.get(2));
  }
}
