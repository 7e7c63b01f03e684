package io.ap2p.core.execution;

import static io.ap2p.core.execution.RediscoveryTest.discover;
import static io.ap2p.core.execution.RediscoveryTest.finished;
import static io.ap2p.core.execution.RediscoveryTest.invokes;
import static io.ap2p.core.execution.RediscoveryTest.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Checks;
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

/** The context's attempt budget: how many candidates a step tries before it fails. */
class AttemptBudgetTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());

  WorkflowRun.Context context(int attempts) {
    return new WorkflowRun.Context(
        clock,
        new SplittableRandom(1),
        Reputation.defaults(),
        new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
        new ReceiptVerifier(Set.of(), 1000),
        TierPolicy.REPUTATION,
        10,
        Probing.PAPER,
        false,
        QueryScope.NONE,
        false,
        Exploration.OFF,
        attempts);
  }

  /** Candidates tried, each erring, until the step fails; its outcome's attempts. */
  int triedUntilFailure(WorkflowRun.Context ctx) {
    WorkflowRun run =
        new WorkflowRun(Workflow.imageThenPublish(30_000), Bytes.wrap("fox".getBytes()), ctx);
    String step = discover(run.start()).orElseThrow().step();
    List<SignedDescriptor> six = new ArrayList<>();
    for (int k = 1; k <= 6; k++) {
      six.add(provider(k));
    }
    List<WorkflowRun.Action> as = run.onCandidates(step, six);
    int tried = 0;
    while (finished(as).isEmpty()) {
      Delegation.Action.Invoke inv = invokes(as).get(0);
      tried++;
      as = run.onError(step, inv.attempt(), "internal error");
    }
    StepOutcome out = finished(as).orElseThrow();
    assertThat(out.succeeded()).isFalse();
    assertThat(out.attempts()).isEqualTo(tried);
    return tried;
  }

  @Test
  void theBudgetIsThePolicysUnlessTheContextSaysOtherwise() {
    assertThat(triedUntilFailure(context(TierPolicy.DEFAULT_ATTEMPTS))).isEqualTo(3);
    assertThat(triedUntilFailure(context(4))).isEqualTo(4);
    assertThat(triedUntilFailure(context(1))).isEqualTo(1);
    // the shorter constructors keep the policy's budget
    WorkflowRun.Context old =
        new WorkflowRun.Context(
            clock,
            new SplittableRandom(1),
            Reputation.defaults(),
            new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
            new ReceiptVerifier(Set.of(), 1000),
            TierPolicy.REPUTATION,
            10,
            Probing.PAPER,
            false,
            QueryScope.NONE,
            false,
            Exploration.OFF);
    assertThat(old.attempts()).isEqualTo(WorkflowRun.Context.POLICY_ATTEMPTS);
    assertThat(triedUntilFailure(old)).isEqualTo(TierPolicy.DEFAULT_ATTEMPTS);
  }

  @Test
  void anUnsetBudgetKeepsThePolicysOwnAndASetOneReplacesIt() {
    // a policy whose checks give a step 2 attempts keeps them under a context that sets none
    Checks two = new Checks(true, false, false, false, false, 2);
    assertThat(context(WorkflowRun.Context.POLICY_ATTEMPTS).budgeted(two)).isSameAs(two);
    assertThat(context(4).budgeted(two).maxAttempts()).isEqualTo(4);
    assertThat(context(4).budgeted(two).useReputation()).isTrue();
  }

  @Test
  void aBudgetBelowOneIsRefused() {
    assertThatThrownBy(() -> context(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempts must be >= 1");
    assertThatThrownBy(() -> context(Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
