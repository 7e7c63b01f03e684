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
    return delegation(checks, 3, Probing.PAPER);
  }

  Delegation paired(Checks checks, long seed) {
    return delegation(checks, seed, new Probing(CanaryPlacement.ALONGSIDE, 0, 0));
  }

  Delegation mixed(Checks checks, long seed, double spotChecks) {
    return delegation(checks, seed, new Probing(CanaryPlacement.MIXED, 0, spotChecks));
  }

  /** A delegation to the three candidates, its canaries answered by {@link #answer}. */
  Delegation delegation(Checks checks, long seed, Probing probing) {
    return new Delegation(
        step,
        task,
        candidates,
        checks,
        clock,
        reputation,
        new CanaryFactory(
            (tag, input) -> Optional.of(Digests.sha256(answer(input))), new SplittableRandom(2)),
        new ReceiptVerifier(Set.of(), 1_000),
        new SplittableRandom(seed),
        probing);
  }

  static List<Delegation.Action.Invoke> invokes(List<Delegation.Action> as) {
    return as.stream()
        .filter(a -> a instanceof Delegation.Action.Invoke)
        .map(a -> (Delegation.Action.Invoke) a)
        .toList();
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
  void alongsideTheCanaryAndTheRealTaskGoTogetherInEitherOrderAndTheResultWaitsForTheCanary() {
    java.util.Set<Boolean> canaryFirst = new java.util.HashSet<>();
    for (long seed = 0; seed < 16; seed++) {
      Delegation d = paired(TierPolicy.CANARY.checks(RiskClass.LOW), seed);
      List<Delegation.Action> start = d.start();
      List<Delegation.Action.Invoke> pair = invokes(start);
      assertThat(pair).hasSize(2);
      assertThat(start).hasSize(4); // each Invoke with its ArmTimeout
      assertThat(pair.get(0).target()).isEqualTo(pair.get(1).target());
      assertThat(pair.get(0).receiptWanted()).isEqualTo(pair.get(1).receiptWanted());
      canaryFirst.add(pair.get(0).probe());
      Delegation.Action.Invoke canary = pair.get(0).probe() ? pair.get(0) : pair.get(1);
      Delegation.Action.Invoke real = pair.get(0).probe() ? pair.get(1) : pair.get(0);
      assertThat(real.task()).isEqualTo(task);
      assertThat(canary.task().input().length()).isEqualTo(task.input().length());
      // the real answer first: held until the canary's answer is in and right
      assertThat(d.onResult(real.attempt(), honest(real, false))).isEmpty();
      StepOutcome o = finished(d.onResult(canary.attempt(), honest(canary, false)));
      assertThat(o.succeeded()).isTrue();
      assertThat(o.result().get().output()).isEqualTo(answer(task.input()));
      assertThat(o.canaries()).isEqualTo(1);
      assertThat(o.attempts()).isEqualTo(1);
    }
    assertThat(canaryFirst).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void alongsideAWrongCanaryAbortsTheRealTaskAndFallsBack() {
    Delegation d = paired(TierPolicy.CANARY.checks(RiskClass.LOW), 7);
    List<Delegation.Action.Invoke> pair = invokes(d.start());
    Delegation.Action.Invoke canary = pair.get(0).probe() ? pair.get(0) : pair.get(1);
    Delegation.Action.Invoke real = pair.get(0).probe() ? pair.get(1) : pair.get(0);
    List<Delegation.Action> next =
        d.onResult(canary.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty()));
    assertThat(next.get(0))
        .isEqualTo(new Delegation.Action.Abort(real.attempt(), keys.get(0).peerId()));
    List<Delegation.Action.Invoke> second = invokes(next);
    assertThat(second).hasSize(2);
    assertThat(second.get(0).target()).isEqualTo(candidates.get(1).descriptor());
    assertThat(reputation.score(keys.get(0).peerId(), TAG)).isNegative();
    // the wrong provider's late real answer changes nothing
    assertThat(d.onResult(real.attempt(), honest(real, false))).isEmpty();
    Delegation.Action.Invoke c2 = second.get(0).probe() ? second.get(0) : second.get(1);
    Delegation.Action.Invoke r2 = second.get(0).probe() ? second.get(1) : second.get(0);
    assertThat(d.onResult(c2.attempt(), honest(c2, false))).isEmpty();
    StepOutcome o = finished(d.onResult(r2.attempt(), honest(r2, false)));
    assertThat(o.provider()).contains(keys.get(1).peerId());
    assertThat(o.canaries()).isEqualTo(2);
    assertThat(o.failures()).hasSize(1);
  }

  @Test
  void alongsideATimeoutOfEitherAbortsBothAndCancelAbortsWhatRuns() {
    Delegation d = paired(TierPolicy.CANARY.checks(RiskClass.LOW), 3);
    List<Delegation.Action.Invoke> pair = invokes(d.start());
    Delegation.Action.Invoke real = pair.get(0).probe() ? pair.get(1) : pair.get(0);
    Delegation.Action.Invoke canary = pair.get(0).probe() ? pair.get(0) : pair.get(1);
    List<Delegation.Action> after = d.onTimeout(real.attempt());
    assertThat(after)
        .contains(
            new Delegation.Action.Abort(real.attempt(), keys.get(0).peerId()),
            new Delegation.Action.Abort(canary.attempt(), keys.get(0).peerId()));
    List<Delegation.Action.Invoke> second = invokes(after);
    assertThat(second).hasSize(2);
    Delegation.Action.Invoke c2 = second.get(0).probe() ? second.get(0) : second.get(1);
    Delegation.Action.Invoke r2 = second.get(0).probe() ? second.get(1) : second.get(0);
    assertThat(d.onResult(c2.attempt(), honest(c2, false))).isEmpty();
    List<Delegation.Action> c = d.cancel();
    assertThat(c.get(0)).isEqualTo(new Delegation.Action.Abort(r2.attempt(), keys.get(1).peerId()));
    assertThat(finished(c).status()).isEqualTo(StepOutcome.Status.CANCELLED);
  }

  @Test
  void candidatesThatCannotGiveTheRequiredEvidenceAreSkippedWhateverElseTheyClaim() {
    PrivateKey attestor = Fixtures.key(9);
    PrivateKey other = Fixtures.key(8);
    List<Match> mixed = new ArrayList<>();
    // 0: no receipts; 1: receipts, attested by an attestor the requester does not pin; 2: pinned
    mixed.add(match(keys.get(0), false, List.of()));
    mixed.add(match(keys.get(1), true, List.of(other.peerId())));
    mixed.add(match(keys.get(2), true, List.of(attestor.peerId())));
    Step high = new Step("publish", TAG, RiskClass.HIGH, 60_000, List.of());
    Checks evidence = TierPolicy.EVIDENCE.checks(RiskClass.HIGH);
    Delegation pinned =
        new Delegation(
            high,
            task,
            mixed,
            evidence,
            clock,
            reputation,
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(attestor.peerId()), 1_000),
            new SplittableRandom(3),
            Probing.PAPER);
    assertThat(pinned.skipped()).isEqualTo(2);
    Delegation.Action.Invoke inv = invoke(pinned.start());
    assertThat(inv.target().descriptor().peer()).isEqualTo(keys.get(2).peerId());
    // a receipt without the pinned countersignature is rejected, with nobody left to try
    StepOutcome unattested = finished(pinned.onResult(inv.attempt(), honest(inv, true)));
    assertThat(unattested.succeeded()).isFalse();
    assertThat(unattested.reason()).contains("evidence rejected");

    Delegation again =
        new Delegation(
            high,
            task,
            mixed,
            evidence,
            clock,
            Reputation.defaults(),
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(attestor.peerId()), 1_000),
            new SplittableRandom(3),
            Probing.PAPER);
    Delegation.Action.Invoke inv2 = invoke(again.start());
    TaskResult h = honest(inv2, true);
    TaskResult attested = new TaskResult(h.output(), h.receipt().map(r -> r.attestedBy(attestor)));
    assertThat(finished(again.onResult(inv2.attempt(), attested)).succeeded()).isTrue();

    // with no pinned attestor a receipt suffices, but one is still required
    Delegation unpinned =
        new Delegation(
            high,
            task,
            mixed,
            evidence,
            clock,
            Reputation.defaults(),
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(), 1_000),
            new SplittableRandom(3),
            Probing.PAPER);
    assertThat(unpinned.skipped()).isEqualTo(1);
    assertThat(invoke(unpinned.start()).target().descriptor().peer())
        .isEqualTo(keys.get(1).peerId());
  }

  static Match match(PrivateKey k, boolean receipts, List<io.ap2p.core.identity.PeerId> attestors) {
    com.fasterxml.jackson.databind.node.ObjectNode t = Fixtures.template();
    com.fasterxml.jackson.databind.node.ObjectNode v = t.putObject("verification");
    v.put("canaries", true);
    v.put("receipts", receipts);
    v.put("attestation", !attestors.isEmpty());
    com.fasterxml.jackson.databind.node.ArrayNode a = v.putArray("attestors");
    attestors.forEach(p -> a.add(p.toString()));
    return new Match(Fixtures.signed(k, t, Fixtures.T0), new ScoreBreakdown(1, 0, 0, 0, 1, false));
  }

  @Test
  void mixedPlacementSendsCanariesAloneOrPairedAndEitherWayAsTheCandidatesOneAttempt() {
    java.util.Set<Integer> shapes = new java.util.HashSet<>();
    for (long seed = 0; seed < 24; seed++) {
      // three candidates whose canaries all fail: the budget of 3 ends the step whatever the
      // placement drawn for each
      Delegation d = mixed(new Checks(true, true, true, false, false, 3), seed, 0);
      List<Delegation.Action> actions = d.start();
      int probes = 0;
      while (!d.done()) {
        List<Delegation.Action.Invoke> sent = invokes(actions);
        shapes.add(sent.size());
        Delegation.Action.Invoke canary =
            sent.stream().filter(Delegation.Action.Invoke::probe).findFirst().orElseThrow();
        probes++;
        actions = d.onResult(canary.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty()));
      }
      StepOutcome o = finished(actions);
      assertThat(o.succeeded()).isFalse();
      assertThat(o.reason()).contains("budget of 3 attempts spent");
      assertThat(o.attempts()).isEqualTo(3);
      assertThat(probes).isEqualTo(3);
    }
    assertThat(shapes).containsExactlyInAnyOrder(1, 2); // alone, and paired
  }

  @Test
  void aCanarySentBeforeItsTaskIsTheCandidatesAttemptSoFailedCanariesSpendTheBudget() {
    // three candidates whose canaries all fail, a budget of 2: the third is never probed
    Delegation d = delegation(new Checks(true, true, true, false, false, 2));
    List<Delegation.Action> actions = d.start();
    int probes = 0;
    while (!d.done()) {
      Delegation.Action.Invoke canary = invoke(actions);
      assertThat(canary.probe()).isTrue();
      probes++;
      actions = d.onResult(canary.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty()));
    }
    StepOutcome o = finished(actions);
    assertThat(o.reason()).contains("budget of 2 attempts spent");
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(probes).isEqualTo(2);
    // a canary that passes and its real task count once
    Delegation ok = delegation(TierPolicy.CANARY.checks(RiskClass.LOW));
    Delegation.Action.Invoke c = invoke(ok.start());
    Delegation.Action.Invoke real = invoke(ok.onResult(c.attempt(), honest(c, false)));
    StepOutcome done = finished(ok.onResult(real.attempt(), honest(real, false)));
    assertThat(done.succeeded()).isTrue();
    assertThat(done.attempts()).isEqualTo(1);
  }

  @Test
  void aCanarySentAloneThenItsRealTaskCountOnceAndTheRealResultIsTaken() {
    for (long seed = 0; seed < 24; seed++) {
      Delegation d = mixed(TierPolicy.CANARY.checks(RiskClass.LOW), seed, 0);
      List<Delegation.Action.Invoke> first = invokes(d.start());
      if (first.size() != 1) {
        continue; // paired this time: covered above
      }
      Delegation.Action.Invoke real =
          invoke(d.onResult(first.get(0).attempt(), honest(first.get(0), false)));
      assertThat(real.probe()).isFalse();
      StepOutcome o = finished(d.onResult(real.attempt(), honest(real, false)));
      assertThat(o.succeeded()).isTrue();
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.canaries()).isEqualTo(1);
      return;
    }
    throw new AssertionError("no seed drew a canary alone");
  }

  @Test
  void spotChecksProbeATrustedPeerSometimesAndNeverWithoutThem() {
    for (int i = 0; i < 6; i++) {
      reputation.record(keys.get(0).peerId(), TAG, true); // trusted: no canary on LOW for it
    }
    assertThat(reputation.trusted(keys.get(0).peerId(), TAG, Delegation.TRUSTED)).isTrue();
    Checks low = TierPolicy.RISK_AWARE.checks(RiskClass.LOW);
    int probed = 0;
    for (long seed = 0; seed < 200; seed++) {
      assertThat(invokes(mixed(low, seed, 0).start()).get(0).probe()).isFalse();
      if (invokes(mixed(low, seed, 0.2).start()).stream()
          .anyMatch(Delegation.Action.Invoke::probe)) {
        probed++;
      }
    }
    assertThat(probed).isBetween(20, 60); // about one in five
  }

  @Test
  void heldToItsClaimsAnAttemptTimesOutAtTenTimesTheClaimedP95ButNotBeforeTheFloor() {
    com.fasterxml.jackson.databind.node.ObjectNode fast = Fixtures.template();
    ((com.fasterxml.jackson.databind.node.ObjectNode) fast.get("qos"))
        .put("latencyP50Ms", 5)
        .put("latencyP95Ms", 12);
    com.fasterxml.jackson.databind.node.ObjectNode slow = Fixtures.template(); // p95 4500
    List<Match> two =
        List.of(
            new Match(
                Fixtures.signed(keys.get(0), fast, Fixtures.T0),
                new ScoreBreakdown(1, 0, 0, 0, 1, false)),
            new Match(
                Fixtures.signed(keys.get(1), slow, Fixtures.T0),
                new ScoreBreakdown(1, 0, 0, 0, 1, false)));
    Delegation d =
        new Delegation(
            step,
            task,
            two,
            TierPolicy.NAIVE.checks(RiskClass.LOW),
            clock,
            reputation,
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(), 1_000),
            new SplittableRandom(3),
            new Probing(CanaryPlacement.ALONGSIDE, 1_500, 0));
    long t0 = clock.millis();
    Delegation.Action.ArmTimeout first = (Delegation.Action.ArmTimeout) d.start().get(1);
    assertThat(first.atMillis()).isEqualTo(t0 + 1_500); // 10 x 12 ms is below the floor
    clock.advance(1_500);
    List<Delegation.Action> next = d.onTimeout(first.attempt());
    Delegation.Action.ArmTimeout second = (Delegation.Action.ArmTimeout) next.get(2);
    // 10 x 4,500 ms is past the descriptor's own deadline (30 s): that one bounds it
    assertThat(second.atMillis()).isEqualTo(clock.millis() + 30_000);
    // not held to claims: only the deadlines
    Delegation plain = delegation(TierPolicy.NAIVE.checks(RiskClass.LOW));
    assertThat(((Delegation.Action.ArmTimeout) plain.start().get(1)).atMillis())
        .isEqualTo(clock.millis() + 30_000);
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
}
