package io.ap2p.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.ReceiptVerifier;
import io.ap2p.core.trust.Reputation;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NaiveRandomTest {

  final ManualClock clock = new ManualClock(Fixtures.T0.toEpochMilli());

  final List<SignedDescriptor> found = new ArrayList<>();

  NaiveRandomTest() {
    for (int k = 1; k <= 8; k++) {
      var t = Fixtures.template();
      t.put("id", "c" + k);
      t.withObject("/intent").putArray("tags").add("image.generate");
      found.add(Fixtures.signed(Fixtures.key(k), t, Fixtures.T0));
    }
  }

  /** The provider of the first attempt of the first step, with {@code seed}. */
  PeerId firstTried(TierPolicy policy, long seed) {
    WorkflowRun run =
        new WorkflowRun(
            Workflow.imageThenPublish(30_000),
            Bytes.wrap("fox".getBytes()),
            new WorkflowRun.Context(
                clock,
                new SplittableRandom(seed),
                Reputation.defaults(),
                new CanaryFactory((t, in) -> Optional.empty(), new SplittableRandom(2)),
                new ReceiptVerifier(Set.of(), 1000),
                policy,
                10));
    WorkflowRun.Action.Discover d = (WorkflowRun.Action.Discover) run.start().get(0);
    for (WorkflowRun.Action a : run.onCandidates(d.step(), found)) {
      if (a instanceof WorkflowRun.Action.StepAction s
          && s.action() instanceof Delegation.Action.Invoke inv) {
        return inv.target().descriptor().peer();
      }
    }
    throw new AssertionError("no attempt");
  }

  @Test
  void naiveTriesTheSameBestRankedFirstWhateverTheSeed() {
    Set<PeerId> first = new HashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      first.add(firstTried(TierPolicy.NAIVE, seed));
    }
    assertThat(first).hasSize(1);
  }

  @Test
  void naiveRandomTriesAnyMatchFirstReproduciblyPerSeed() {
    Set<PeerId> first = new HashSet<>();
    for (long seed = 1; seed <= 40; seed++) {
      PeerId p = firstTried(TierPolicy.NAIVE_RANDOM, seed);
      assertThat(firstTried(TierPolicy.NAIVE_RANDOM, seed)).isEqualTo(p);
      first.add(p);
    }
    assertThat(first).hasSizeGreaterThanOrEqualTo(5); // of 8: uniform, not the ranking's order
  }

  @Test
  void naiveRandomRunsNoChecksAndIsNotAPaperPolicy() {
    assertThat(TierPolicy.parse("naive-random")).isEqualTo(TierPolicy.NAIVE_RANDOM);
    for (var risk : io.ap2p.core.trust.RiskClass.values()) {
      assertThat(TierPolicy.NAIVE_RANDOM.checks(risk)).isEqualTo(TierPolicy.NAIVE.checks(risk));
    }
    assertThat(TierPolicy.PAPER).doesNotContain(TierPolicy.NAIVE_RANDOM).hasSize(5);
  }
}
