package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.Checks;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requester-side exploration: an untested stranger first, with a canary, the budget intact. */
class ExplorationTest {

  static final CapabilityTag TAG = DelegationTest.TAG;

  /** A fixture whose first candidate is trusted; the other two are untested strangers. */
  static DelegationTest world() {
    DelegationTest w = new DelegationTest();
    for (int i = 0; i < 3; i++) {
      w.reputation.record(w.keys.get(0).peerId(), TAG, true);
    }
    return w;
  }

  static Delegation exploring(DelegationTest w, Checks checks, long seed, Exploration e) {
    return w.delegation(checks, seed, Probing.PAPER).exploring(e);
  }

  @Test
  void offTheTrustedCandidateGoesFirstWithoutACanary() {
    DelegationTest w = world();
    Delegation d = exploring(w, TierPolicy.RISK_AWARE.checks(RiskClass.LOW), 1, Exploration.OFF);
    Delegation.Action.Invoke inv = DelegationTest.invoke(d.start());
    assertThat(inv.target().descriptor().peer()).isEqualTo(w.keys.get(0).peerId());
    assertThat(inv.probe()).isFalse();
  }

  @Test
  void onAStrangerGoesFirstWithACanaryEvenWhereThePolicySendsNone() {
    Set<PeerId> chosen = new HashSet<>();
    for (long seed = 0; seed < 32; seed++) {
      DelegationTest w = world();
      // the reputation policy sends no canaries at all: the explored stranger gets one anyway
      Delegation d =
          exploring(w, TierPolicy.REPUTATION.checks(RiskClass.LOW), seed, Exploration.of(1));
      Delegation.Action.Invoke probe = DelegationTest.invoke(d.start());
      assertThat(probe.probe()).isTrue();
      PeerId stranger = probe.target().descriptor().peer();
      assertThat(stranger).isNotEqualTo(w.keys.get(0).peerId());
      chosen.add(stranger);
      Delegation.Action.Invoke real =
          DelegationTest.invoke(d.onResult(probe.attempt(), w.honest(probe, false)));
      assertThat(real.probe()).isFalse();
      assertThat(real.target().descriptor().peer()).isEqualTo(stranger);
      StepOutcome o = DelegationTest.finished(d.onResult(real.attempt(), w.honest(real, false)));
      assertThat(o.succeeded()).isTrue();
      assertThat(o.provider()).contains(stranger);
    }
    // uniformly among the strangers, not the best-ranked one: both get chosen
    assertThat(chosen)
        .containsExactlyInAnyOrder(w().keys.get(1).peerId(), w().keys.get(2).peerId());
  }

  private static DelegationTest w() {
    return new DelegationTest();
  }

  @Test
  void aStrangerThatFailsTakesNoAttemptFromTheUsualCandidates() {
    DelegationTest w = world();
    // one attempt in the budget: the stranger's is extra, so the trusted candidate still gets it
    Checks one = new Checks(true, true, false, false, false, 1);
    Delegation d = exploring(w, one, 5, Exploration.of(1));
    Delegation.Action.Invoke probe = DelegationTest.invoke(d.start());
    assertThat(probe.probe()).isTrue();
    List<Delegation.Action> next =
        d.onResult(probe.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty()));
    assertThat(w.reputation.score(probe.target().descriptor().peer(), TAG)).isNegative();
    Delegation.Action.Invoke real = DelegationTest.invoke(next);
    assertThat(real.target().descriptor().peer()).isEqualTo(w.keys.get(0).peerId());
    assertThat(real.probe()).isFalse();
    StepOutcome o = DelegationTest.finished(d.onResult(real.attempt(), w.honest(real, false)));
    assertThat(o.succeeded()).isTrue();
    assertThat(o.attempts()).isEqualTo(2);
    assertThat(o.failures()).hasSize(1);
  }

  @Test
  void withNoStrangerOrATooRiskyStepNothingIsExplored() {
    DelegationTest w = new DelegationTest();
    for (int k = 0; k < 3; k++) {
      w.reputation.record(w.keys.get(k).peerId(), TAG, true);
    }
    Checks one = new Checks(true, false, false, false, false, 1);
    Delegation d = exploring(w, one, 1, Exploration.of(1));
    Delegation.Action.Invoke inv = DelegationTest.invoke(d.start());
    assertThat(inv.probe()).isFalse();
    StepOutcome o =
        DelegationTest.finished(
            d.onError(inv.attempt(), "down")); // budget of one, not grown: the step fails
    assertThat(o.succeeded()).isFalse();
    assertThat(o.attempts()).isEqualTo(1);

    DelegationTest v = world();
    Delegation low =
        exploring(
            v, TierPolicy.REPUTATION.checks(RiskClass.LOW), 1, new Exploration(1, RiskClass.LOW));
    assertThat(DelegationTest.invoke(low.start()).probe()).isTrue(); // a LOW step explores
    DelegationTest u = world();
    Step high = new Step("publish", TAG, RiskClass.HIGH, 60_000, List.of());
    Delegation risky =
        new Delegation(
                high,
                u.task,
                u.candidates,
                TierPolicy.REPUTATION.checks(RiskClass.LOW),
                u.clock,
                u.reputation,
                new io.ap2p.core.trust.CanaryFactory(
                    (tag, input) ->
                        Optional.of(
                            io.ap2p.core.trust.Digests.sha256(DelegationTest.answer(input))),
                    new java.util.SplittableRandom(2)),
                new io.ap2p.core.trust.ReceiptVerifier(Set.of(), 1_000),
                new java.util.SplittableRandom(1),
                Probing.PAPER)
            .exploring(new Exploration(1, RiskClass.LOW));
    Delegation.Action.Invoke first = DelegationTest.invoke(risky.start());
    assertThat(first.target().descriptor().peer()).isEqualTo(u.keys.get(0).peerId());
    assertThat(first.probe()).isFalse();
  }

  @Test
  void withNoCanaryForTheCapabilityNothingIsExploredAndTheBudgetStays() {
    for (long seed = 0; seed < 16; seed++) {
      DelegationTest w = world();
      Delegation d =
          new Delegation(
                  w.step,
                  w.task,
                  w.candidates,
                  TierPolicy.RISK_AWARE.checks(RiskClass.LOW),
                  w.clock,
                  w.reputation,
                  new io.ap2p.core.trust.CanaryFactory(
                      (tag, input) -> Optional.empty(), new java.util.SplittableRandom(2)),
                  new io.ap2p.core.trust.ReceiptVerifier(Set.of(), 1_000),
                  new java.util.SplittableRandom(seed),
                  Probing.PAPER)
              .exploring(Exploration.of(1));
      Delegation.Action.Invoke first = DelegationTest.invoke(d.start());
      // no canary can be made: the trusted provider goes first, no stranger gets the real task
      assertThat(first.target().descriptor().peer()).isEqualTo(w.keys.get(0).peerId());
      assertThat(first.probe()).isFalse();
      StepOutcome o =
          DelegationTest.finished(
              d.onResult(first.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty())));
      assertThat(o.provider()).contains(w.keys.get(0).peerId());
    }
  }

  /** A delegation of a 20 s step to {@link #world()}'s candidates (whose deadline is 30 s). */
  static Delegation twentySeconds(DelegationTest w, Probing probing, long seed) {
    return new Delegation(
            new Step("generate", TAG, RiskClass.LOW, 20_000, List.of()),
            w.task,
            w.candidates,
            TierPolicy.RISK_AWARE.checks(RiskClass.LOW),
            w.clock,
            w.reputation,
            new io.ap2p.core.trust.CanaryFactory(
                (tag, input) ->
                    Optional.of(io.ap2p.core.trust.Digests.sha256(DelegationTest.answer(input))),
                new java.util.SplittableRandom(2)),
            new io.ap2p.core.trust.ReceiptVerifier(Set.of(), 1_000),
            new java.util.SplittableRandom(seed),
            probing)
        .exploring(Exploration.of(1));
  }

  static long timeoutOf(List<Delegation.Action> as, int attempt) {
    return as.stream()
        .filter(a -> a instanceof Delegation.Action.ArmTimeout t && t.attempt() == attempt)
        .mapToLong(a -> ((Delegation.Action.ArmTimeout) a).atMillis())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSilentStrangerSpendsAtMostHalfTheStepsTimeAndTheTrustedIsStillTried() {
    for (Probing probing : List.of(Probing.PAPER, new Probing(CanaryPlacement.ALONGSIDE, 0, 0))) {
      DelegationTest w = world();
      long t0 = w.clock.millis();
      Delegation d = twentySeconds(w, probing, 3);
      List<Delegation.Action> start = d.start();
      Delegation.Action.Invoke first = DelegationTest.invoke(start);
      assertThat(first.target().descriptor().peer()).isNotEqualTo(w.keys.get(0).peerId());
      // the stranger claims a 30 s deadline; the step has 20 s: it gets 10 of them at most
      long at = timeoutOf(start, first.attempt());
      assertThat(at).isEqualTo(t0 + (long) (20_000 * Exploration.TIME_SHARE));
      w.clock.set(at);
      List<Delegation.Action> next = d.onTimeout(first.attempt());
      Delegation.Action.Invoke trusted =
          DelegationTest.invokes(next).stream().filter(i -> !i.probe()).findFirst().orElseThrow();
      assertThat(trusted.target().descriptor().peer()).isEqualTo(w.keys.get(0).peerId());
      assertThat(timeoutOf(next, trusted.attempt())).isEqualTo(t0 + 20_000);
      StepOutcome o =
          DelegationTest.finished(d.onResult(trusted.attempt(), w.honest(trusted, false)));
      assertThat(o.succeeded()).as(probing.toString()).isTrue();
    }
  }

  @Test
  void anExploredStrangerGetsItsCanaryAloneBeforeAnyRealTaskWhateverThePlacement() {
    // final review H2: with a mixed or alongside placement the stranger got the real task beside
    // its canary, so a side effect could run before any check
    for (Probing probing :
        List.of(
            new Probing(CanaryPlacement.ALONGSIDE, 0, 0),
            new Probing(CanaryPlacement.MIXED, 0, 0))) {
      for (long seed = 1; seed <= 8; seed++) {
        DelegationTest w = world();
        List<Delegation.Action.Invoke> sent =
            DelegationTest.invokes(twentySeconds(w, probing, seed).start());
        assertThat(sent).as(probing + " seed " + seed).hasSize(1);
        assertThat(sent.get(0).probe()).as(probing + " seed " + seed).isTrue();
        assertThat(sent.get(0).target().descriptor().peer()).isNotEqualTo(w.keys.get(0).peerId());
      }
    }
  }

  @Test
  void aStrangerThatPassesItsCanaryHasTheSameShareOfTimeForTheRealTask() {
    DelegationTest w = world();
    long t0 = w.clock.millis();
    Delegation d = twentySeconds(w, Probing.PAPER, 3);
    Delegation.Action.Invoke canary = DelegationTest.invoke(d.start());
    w.clock.set(t0 + 4_000);
    List<Delegation.Action> next = d.onResult(canary.attempt(), w.honest(canary, false));
    Delegation.Action.Invoke real = DelegationTest.invoke(next);
    assertThat(real.target()).isEqualTo(canary.target());
    assertThat(timeoutOf(next, real.attempt())).isEqualTo(t0 + 10_000);
  }

  /** {@link #world()} whose stranger {@code k} (1 or 2) declares an irreversible side effect. */
  static DelegationTest declaringIrreversible(int k) {
    DelegationTest w = world();
    com.fasterxml.jackson.databind.node.ObjectNode t = io.ap2p.core.discovery.Fixtures.template();
    t.put("id", "img");
    ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("constraints"))
        .put("sideEffect", "irreversible");
    w.candidates.set(
        k,
        new io.ap2p.core.discovery.matching.Match(
            io.ap2p.core.discovery.Fixtures.signed(
                w.keys.get(k), t, io.ap2p.core.discovery.Fixtures.T0),
            w.candidates.get(k).score()));
    return w;
  }

  @Test
  void byDefaultIrreversibleStepsAndStrangersThatDeclareThemAreNotExplored() {
    assertThat(Exploration.of(1).maxRisk()).isEqualTo(RiskClass.MEDIUM);
    // a HIGH step does not explore at the default: the trusted provider goes first
    DelegationTest u = world();
    Delegation high =
        new Delegation(
                new Step("publish", TAG, RiskClass.HIGH, 60_000, List.of()),
                u.task,
                u.candidates,
                TierPolicy.REPUTATION.checks(RiskClass.LOW),
                u.clock,
                u.reputation,
                new io.ap2p.core.trust.CanaryFactory(
                    (tag, input) ->
                        Optional.of(
                            io.ap2p.core.trust.Digests.sha256(DelegationTest.answer(input))),
                    new java.util.SplittableRandom(2)),
                new io.ap2p.core.trust.ReceiptVerifier(Set.of(), 1_000),
                new java.util.SplittableRandom(1),
                Probing.PAPER)
            .exploring(Exploration.of(1));
    assertThat(DelegationTest.invoke(high.start()).target().descriptor().peer())
        .isEqualTo(u.keys.get(0).peerId());
    // a LOW step explores, but never the stranger that declares an irreversible side effect
    for (long seed = 0; seed < 16; seed++) {
      DelegationTest w = declaringIrreversible(2);
      Delegation d =
          exploring(w, TierPolicy.REPUTATION.checks(RiskClass.LOW), seed, Exploration.of(1));
      Delegation.Action.Invoke probe = DelegationTest.invoke(d.start());
      assertThat(probe.probe()).isTrue();
      assertThat(probe.target().descriptor().peer()).isEqualTo(w.keys.get(1).peerId());
    }
    // ... unless exploration is allowed up to HIGH
    Set<PeerId> chosen = new HashSet<>();
    for (long seed = 0; seed < 32; seed++) {
      DelegationTest w = declaringIrreversible(2);
      Delegation d =
          exploring(
              w,
              TierPolicy.REPUTATION.checks(RiskClass.LOW),
              seed,
              new Exploration(1, RiskClass.HIGH));
      chosen.add(DelegationTest.invoke(d.start()).target().descriptor().peer());
    }
    assertThat(chosen).contains(w().keys.get(2).peerId());
  }

  @Test
  void theBudgetMessageNamesThePolicysBudgetAndTheExploredAttemptApart() {
    Delegation d =
        exploring(world(), new Checks(true, true, false, false, false, 1), 5, Exploration.of(1));
    Delegation.Action.Invoke a = DelegationTest.invoke(d.start());
    Delegation.Action.Invoke b = DelegationTest.invoke(d.onError(a.attempt(), "down"));
    assertThat(DelegationTest.finished(d.onError(b.attempt(), "down")).reason())
        .startsWith("budget of 1 attempts and 1 for an explored stranger spent");
  }

  @Test
  void aStrangerThatAnnouncesItselfDegradedIsExploredOnlyWhenNoOtherIs() {
    for (long seed = 0; seed < 16; seed++) {
      DelegationTest w = world();
      com.fasterxml.jackson.databind.node.ObjectNode t = io.ap2p.core.discovery.Fixtures.template();
      t.put("id", "img");
      ((com.fasterxml.jackson.databind.node.ObjectNode) t.get("state"))
          .put("availability", "degraded");
      w.candidates.set(
          2,
          new io.ap2p.core.discovery.matching.Match(
              io.ap2p.core.discovery.Fixtures.signed(
                  w.keys.get(2), t, io.ap2p.core.discovery.Fixtures.T0),
              w.candidates.get(2).score()));
      Delegation d =
          exploring(w, TierPolicy.REPUTATION.checks(RiskClass.LOW), seed, Exploration.of(1));
      assertThat(DelegationTest.invoke(d.start()).target().descriptor().peer())
          .isEqualTo(w.keys.get(1).peerId());
    }
  }

  @Test
  void theProbabilityIsChecked() {
    assertThatThrownBy(() -> Exploration.of(1.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Exploration.of(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Exploration.of(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Exploration.OFF.on()).isFalse();
  }
}
