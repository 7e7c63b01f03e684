package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.ScoreBreakdown;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DelegationTest {

  static final CapabilityTag TAG = new CapabilityTag("image.generate");
  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final Reputation reputation = Reputation.defaults();
  final List<PrivateKey> keys = List.of(Fixtures.key(1), Fixtures.key(2), Fixtures.key(3));
  final List<Match> candidates = new ArrayList<>();
  final Step step = new Step("generate", TAG, RiskClass.LOW, 60_000, List.of());
  final Task task = Task.fresh(TAG, Bytes.wrap("a fox".getBytes()), new SplittableRandom(1));

  DelegationTest() {
    for (PrivateKey k : keys) {
      SignedDescriptor sd = Fixtures.signed(k, "img", 1, Fixtures.T0, 60);
      candidates.add(new Match(sd, new ScoreBreakdown(1, 0, 0, 0, 1, false)));
    }
  }

  /** The honest answer: the input reversed. */
  static Bytes answer(Bytes input) {
    byte[] b = input.toByteArray();
    for (int i = 0; i < b.length / 2; i++) {
      byte t = b[i];
      b[i] = b[b.length - 1 - i];
      b[b.length - 1 - i] = t;
    }
    return Bytes.wrap(b);
  }

  Delegation delegation(Checks checks) {
    CanaryFactory canaries =
        new CanaryFactory(
            (tag, input) -> Optional.of(Digests.sha256(answer(input))), new SplittableRandom(2));
    return new Delegation(
        step,
        task,
        candidates,
        checks,
        clock,
        reputation,
        canaries,
        new ReceiptVerifier(Set.of(), 1_000),
        new SplittableRandom(3));
  }

  static Delegation.Action.Invoke invoke(List<Delegation.Action> as) {
    return (Delegation.Action.Invoke) as.get(0);
  }

  static StepOutcome finished(List<Delegation.Action> as) {
    return ((Delegation.Action.Finished) as.get(as.size() - 1)).outcome();
  }

  TaskResult honest(Delegation.Action.Invoke inv, boolean receipt) {
    Bytes out = answer(inv.task().input());
    if (!receipt) {
      return new TaskResult(out, Optional.empty());
    }
    PrivateKey k =
        keys.stream()
            .filter(x -> x.peerId().equals(inv.target().descriptor().peer()))
            .findFirst()
            .get();
    SignedReceipt r =
        SignedReceipt.sign(
            new SignedReceipt.Body(
                k.peerId(),
                inv.task().id(),
                Digests.sha256(inv.task().input()),
                Digests.sha256(out),
                "gen",
                inv.target().descriptor().state().version(),
                clock.millis(),
                clock.millis(),
                inv.task().nonce(),
                SignedReceipt.GENESIS),
            k);
    return new TaskResult(out, Optional.of(r));
  }

  @Test
  void withoutChecksTheFirstAnswerIsTaken() {
    Delegation d = delegation(TierPolicy.NAIVE.checks(RiskClass.LOW));
    Delegation.Action.Invoke inv = invoke(d.start());
    assertThat(inv.probe()).isFalse();
    assertThat(inv.task()).isEqualTo(task);
    StepOutcome o =
        finished(d.onResult(inv.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty())));
    assertThat(o.succeeded()).isTrue();
    assertThat(d.done()).isTrue();
  }

  @Test
  void aWrongCanaryPenalisesAndFallsBackToTheNextCandidate() {
    Delegation d = delegation(TierPolicy.CANARY.checks(RiskClass.LOW));
    Delegation.Action.Invoke probe = invoke(d.start());
    assertThat(probe.probe()).isTrue();
    assertThat(probe.task().input().length()).isEqualTo(task.input().length());
    assertThat(probe.task().id()).isNotEqualTo(task.id());
    Delegation.Action.Invoke probe2 =
        invoke(d.onResult(probe.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty())));
    assertThat(probe2.target()).isEqualTo(candidates.get(1).descriptor());
    assertThat(reputation.score(keys.get(0).peerId(), TAG)).isNegative();
    assertThat(reputation.known(keys.get(0).peerId())).isTrue();
    Delegation.Action.Invoke real = invoke(d.onResult(probe2.attempt(), honest(probe2, false)));
    assertThat(real.probe()).isFalse();
    assertThat(real.task()).isEqualTo(task);
    StepOutcome o = finished(d.onResult(real.attempt(), honest(real, false)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.canaries()).isEqualTo(2);
    assertThat(o.provider()).contains(keys.get(1).peerId());
  }

  @Test
  void timeoutsAbortAndFallBackAndLateAnswersAreIgnored() {
    Delegation d = delegation(TierPolicy.NAIVE.checks(RiskClass.LOW));
    List<Delegation.Action> first = d.start();
    Delegation.Action.Invoke inv = invoke(first);
    Delegation.Action.ArmTimeout t = (Delegation.Action.ArmTimeout) first.get(1);
    assertThat(t.atMillis()).isEqualTo(clock.millis() + 30_000);
    clock.advance(30_000);
    List<Delegation.Action> after = d.onTimeout(t.attempt());
    assertThat(after.get(0)).isEqualTo(new Delegation.Action.Abort(1, keys.get(0).peerId()));
    Delegation.Action.Invoke second = (Delegation.Action.Invoke) after.get(1);
    assertThat(d.onResult(inv.attempt(), honest(inv, false))).isEmpty();
    assertThat(finished(d.onResult(second.attempt(), honest(second, false))).succeeded()).isTrue();
  }

  @Test
  void aForgedReceiptIsRejectedUnderEvidenceAndAnHonestOneAccepted() {
    Delegation d = delegation(TierPolicy.EVIDENCE.checks(RiskClass.LOW));
    Delegation.Action.Invoke inv = invoke(d.start());
    TaskResult h = honest(inv, true);
    TaskResult lie = new TaskResult(Bytes.wrap(new byte[] {9}), h.receipt());
    Delegation.Action.Invoke next = invoke(d.onResult(inv.attempt(), lie));
    assertThat(next.target()).isEqualTo(candidates.get(1).descriptor());
    StepOutcome o = finished(d.onResult(next.attempt(), honest(next, true)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts()).isEqualTo(2);
  }

  @Test
  void theBudgetAndTheDeadlineEndTheStep() {
    Delegation d = delegation(new Checks(false, false, false, false, false, 2));
    Delegation.Action.Invoke a = invoke(d.start());
    Delegation.Action.Invoke b = invoke(d.onError(a.attempt(), "busy"));
    StepOutcome o = finished(d.onError(b.attempt(), "busy"));
    assertThat(o.status()).isEqualTo(StepOutcome.Status.FAILED);
    assertThat(o.reason()).contains("budget of 2 attempts").contains("busy");

    Delegation late = delegation(TierPolicy.NAIVE.checks(RiskClass.LOW));
    Delegation.Action.Invoke x = invoke(late.start());
    clock.advance(61_000);
    StepOutcome lo = finished(late.onError(x.attempt(), "slow"));
    assertThat(lo.reason()).startsWith("deadline passed");
  }

  @Test
  void cancelMidFlightAbortsTheAttempt() {
    Delegation d = delegation(TierPolicy.NAIVE.checks(RiskClass.LOW));
    Delegation.Action.Invoke inv = invoke(d.start());
    List<Delegation.Action> c = d.cancel();
    assertThat(c.get(0))
        .isEqualTo(new Delegation.Action.Abort(inv.attempt(), keys.get(0).peerId()));
    assertThat(finished(c).status()).isEqualTo(StepOutcome.Status.CANCELLED);
    assertThat(d.onResult(inv.attempt(), honest(inv, false))).isEmpty();
    assertThat(d.cancel()).isEmpty();
  }

  @Test
  void workflowsRejectCyclesAndChainOutputs() {
    Workflow w = Workflow.imageThenPublish(10_000);
    assertThat(w.steps().get(1).after()).containsExactly("generate");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new Workflow(
                    "loop",
                    List.of(
                        new Step("a", TAG, RiskClass.LOW, 1, List.of("b")),
                        new Step("b", TAG, RiskClass.LOW, 1, List.of("a")))))
        .hasMessageContaining("not an earlier step");
  }
}
