package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.QueryScope;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A step falls back to discovery when its candidates are used up or all left are distrusted. */
class RediscoveryTest {

  static final CapabilityTag IMAGE = new CapabilityTag("image.generate");

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());
  final Reputation reputation = Reputation.defaults();

  WorkflowRun run(boolean rediscover, QueryScope scope) {
    return new WorkflowRun(
        Workflow.imageThenPublish(30_000),
        Bytes.wrap("fox".getBytes()),
        new WorkflowRun.Context(
            clock,
            new SplittableRandom(1),
            reputation,
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(), 1000),
            TierPolicy.REPUTATION,
            10,
            Probing.PAPER,
            false,
            scope,
            rediscover));
  }

  static SignedDescriptor provider(int key) {
    var t = Fixtures.template();
    t.put("id", "c" + key);
    t.withObject("/intent").putArray("tags").add("image.generate");
    return Fixtures.signed(Fixtures.key(key), t, Fixtures.T0);
  }

  static PeerId peer(int key) {
    return provider(key).descriptor().peer();
  }

  static List<Delegation.Action.Invoke> invokes(List<WorkflowRun.Action> as) {
    List<Delegation.Action.Invoke> out = new ArrayList<>();
    for (WorkflowRun.Action a : as) {
      if (a instanceof WorkflowRun.Action.StepAction s
          && s.action() instanceof Delegation.Action.Invoke inv) {
        out.add(inv);
      }
    }
    return out;
  }

  static Optional<WorkflowRun.Action.Discover> discover(List<WorkflowRun.Action> as) {
    return as.stream()
        .filter(WorkflowRun.Action.Discover.class::isInstance)
        .map(WorkflowRun.Action.Discover.class::cast)
        .findFirst();
  }

  static Optional<StepOutcome> finished(List<WorkflowRun.Action> as) {
    for (WorkflowRun.Action a : as) {
      if (a instanceof WorkflowRun.Action.StepAction s
          && s.action() instanceof Delegation.Action.Finished f) {
        return Optional.of(f.outcome());
      }
    }
    return Optional.empty();
  }

  @Test
  void usedUpCandidatesAskDiscoveryAgainWithoutThem() {
    WorkflowRun run = run(true, QueryScope.NONE);
    String step = discover(run.start()).orElseThrow().step();
    List<WorkflowRun.Action> as = run.onCandidates(step, List.of(provider(1)));
    Delegation.Action.Invoke first = invokes(as).get(0);
    assertThat(first.target().descriptor().peer()).isEqualTo(peer(1));

    as = run.onError(step, first.attempt(), "refused");
    WorkflowRun.Action.Discover again = discover(as).orElseThrow();
    assertThat(again.step()).isEqualTo(step);
    assertThat(again.query().exclude()).containsExactly(peer(1));
    assertThat(finished(as)).isEmpty();

    // a late answer to the failed attempt changes nothing while discovery is asked
    assertThat(run.onResult(step, first.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty())))
        .isEmpty();
    // a registry that ignores the exclusion: the provider tried already is not tried again
    as = run.onCandidates(step, List.of(provider(1), provider(2)));
    Delegation.Action.Invoke second = invokes(as).get(0);
    assertThat(second.target().descriptor().peer()).isEqualTo(peer(2));
    assertThat(second.attempt()).isGreaterThan(first.attempt());

    as = run.onResult(step, second.attempt(), new TaskResult(Bytes.EMPTY, Optional.empty()));
    StepOutcome done = finished(as).orElseThrow();
    assertThat(done.succeeded()).isTrue();
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.provider()).contains(peer(2));
  }

  @Test
  void withoutTheFallbackUsedUpCandidatesFailTheStep() {
    WorkflowRun run = run(false, QueryScope.NONE);
    String step = discover(run.start()).orElseThrow().step();
    Delegation.Action.Invoke first = invokes(run.onCandidates(step, List.of(provider(1)))).get(0);
    List<WorkflowRun.Action> as = run.onError(step, first.attempt(), "refused");
    assertThat(discover(as)).isEmpty();
    assertThat(finished(as).orElseThrow().succeeded()).isFalse();
  }

  @Test
  void whenAllThatIsLeftIsDistrustedDiscoveryIsAskedBeforeTryingThem() {
    reputation.record(peer(2), IMAGE, false); // caught failing before: distrusted
    WorkflowRun run = run(true, QueryScope.NONE);
    String step = discover(run.start()).orElseThrow().step();
    Delegation.Action.Invoke first =
        invokes(run.onCandidates(step, List.of(provider(1), provider(2)))).get(0);
    assertThat(first.target().descriptor().peer()).isEqualTo(peer(1));
    List<WorkflowRun.Action> as = run.onError(step, first.attempt(), "refused");
    assertThat(invokes(as)).isEmpty();
    assertThat(discover(as).orElseThrow().query().exclude()).contains(peer(1), peer(2));
    // the new answer's stranger goes first
    as = run.onCandidates(step, List.of(provider(3)));
    assertThat(invokes(as).get(0).target().descriptor().peer()).isEqualTo(peer(3));
  }

  @Test
  void anAnswerWithNothingNewFallsBackToTheDistrustedRestAndAsksNoMore() {
    reputation.record(peer(2), IMAGE, false);
    WorkflowRun run = run(true, QueryScope.NONE);
    String step = discover(run.start()).orElseThrow().step();
    Delegation.Action.Invoke first =
        invokes(run.onCandidates(step, List.of(provider(1), provider(2)))).get(0);
    run.onError(step, first.attempt(), "refused");
    List<WorkflowRun.Action> as = run.onCandidates(step, List.of(provider(1), provider(2)));
    Delegation.Action.Invoke second = invokes(as).get(0);
    assertThat(second.target().descriptor().peer()).isEqualTo(peer(2));
    as = run.onError(step, second.attempt(), "refused");
    assertThat(discover(as)).isEmpty();
    assertThat(finished(as).orElseThrow().succeeded()).isFalse();
  }

  @Test
  void theAttemptBudgetAndTheDeadlineBoundTheFallback() {
    WorkflowRun run = run(true, QueryScope.NONE);
    String step = discover(run.start()).orElseThrow().step();
    List<WorkflowRun.Action> as = run.onCandidates(step, List.of(provider(1)));
    int key = 10;
    for (int i = 0; i < TierPolicy.DEFAULT_ATTEMPTS - 1; i++) {
      as = run.onError(step, invokes(as).get(0).attempt(), "refused");
      assertThat(discover(as)).isPresent();
      as = run.onCandidates(step, List.of(provider(key++)));
    }
    as = run.onError(step, invokes(as).get(0).attempt(), "refused"); // the third attempt
    assertThat(discover(as)).isEmpty();
    assertThat(finished(as).orElseThrow().attempts()).isEqualTo(TierPolicy.DEFAULT_ATTEMPTS);

    WorkflowRun late = run(true, QueryScope.NONE);
    String s2 = discover(late.start()).orElseThrow().step();
    // provider 1 is distrusted now: a fresh one
    Delegation.Action.Invoke inv = invokes(late.onCandidates(s2, List.of(provider(20)))).get(0);
    clock.advance(31_000); // past the step's deadline
    as = late.onError(s2, inv.attempt(), "refused");
    assertThat(discover(as)).isEmpty();
    assertThat(finished(as).orElseThrow().succeeded()).isFalse();
  }

  @Test
  void aScopedContextExcludesTheDistrustedAndRecallsTheTrustedInEveryQuery() {
    reputation.record(peer(2), IMAGE, false);
    reputation.record(peer(3), IMAGE, true);
    Query q = discover(run(true, new QueryScope(true, true)).start()).orElseThrow().query();
    assertThat(q.exclude()).containsExactly(peer(2));
    assertThat(q.recall()).containsExactly(peer(3));
    Query plain = discover(run(true, QueryScope.NONE).start()).orElseThrow().query();
    assertThat(plain.scoped()).isFalse();
  }
}
