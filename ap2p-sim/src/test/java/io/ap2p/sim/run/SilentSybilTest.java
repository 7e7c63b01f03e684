package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.Task;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.ScenarioParser;
import io.ap2p.sim.world.Attestors;
import io.ap2p.sim.world.Behaviour;
import io.ap2p.sim.world.Latency;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Silent Sybils (adversary {@code silent}: accept every task, never answer) and exploration's time
 * cap: a requester waits on an explored silent stranger at most half the step's time, however long
 * a deadline the stranger claims.
 */
class SilentSybilTest {

  /** A small world under all four defences, half of it silent Sybils claiming a 60 s deadline. */
  static final String WORLD =
      "{\"peers\":40,\"sybilFraction\":0.5,\"adversary\":\"silent\",\"sybilDeadlineSeconds\":60,"
          + "\"registryRanking\":\"node\",\"registryExplore\":1.0,"
          + "\"defences\":\"exclude+recall+doubt+shared\",\"durationSeconds\":120,"
          + "\"exploreMaxRisk\":\"high\"}";

  static Point point(String... overrides) throws Exception {
    return ScenarioParser.parse("t", WORLD, List.of(overrides)).points().get(0);
  }

  static PrivateKey key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    return PrivateKey.fromSeed(Bytes.wrap(seed));
  }

  /** Answers (results or errors) an adversary of {@code adversary} gives to 200 tasks. */
  static int answers(String adversary) throws Exception {
    Point point = point("adversary=" + adversary);
    Engine engine = new Engine(PointRun.EPOCH_MILLIS, 1_000_000);
    Attestors attestors =
        new Attestors(
            engine, point, new SplittableRandom(1), new Latency(40, 0.5), key(1), (r, ms) -> {});
    Behaviour world = new Behaviour(engine, point, new SplittableRandom(2), attestors, p -> {});
    Provider sybil = new Provider(0, Provider.Kind.ADVERSARY, Offers.IMAGE, 300, key(2));
    SplittableRandom random = new SplittableRandom(3);
    AtomicInteger answered = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      Task t = Task.fresh(Offers.IMAGE, Bytes.wrap(new byte[] {(byte) i}), random);
      world.serve(
          sybil,
          sybil.key.peerId(),
          key(3).peerId(),
          t,
          i % 2 == 0, // with and without a receipt asked for
          Offers.VERSION,
          (result, error) -> answered.incrementAndGet());
    }
    engine.runUntil(3_600_000_000L);
    assertThat(world.isSilent(sybil)).isEqualTo(adversary.equals("silent"));
    return answered.get();
  }

  @Test
  void aSilentSybilAcceptsEveryTaskAndNeverAnswers() throws Exception {
    assertThat(answers("silent")).isZero();
    // a plain Sybil stays silent only sybilTimeout (0.2) of the time: it answers or errs
    assertThat(answers("sybil")).isBetween(140, 180);
  }

  @Test
  void anExploredSilentStrangerHoldsAStepForHalfItsTimeAtMost() throws Exception {
    RunResult off = PointRun.run(point("explore=0"), TierPolicy.RISK_AWARE, 1);
    RunResult on = PointRun.run(point("explore=1"), TierPolicy.RISK_AWARE, 1);
    // without exploration, a silent stranger tried first holds the step to its 30 s deadline
    assertThat(off.cost().silentAttempts()).isPositive();
    assertThat(off.cost().silentOpeningMaxMs()).isBetween(29_000.0, 30_000.0);
    // explored first, it is given at most half the step's time (Exploration.TIME_SHARE), and
    // explored silent strangers were met at a step's start
    assertThat(on.cost().silentAttempts()).isGreaterThan(off.cost().silentAttempts());
    assertThat(on.cost().silentOpeningMaxMs()).isBetween(14_000.0, 15_000.0);
    // the step then goes on to its usual candidates within the other half
    assertThat(on.successRate()).isGreaterThan(0.5);
    // the deadline the Sybil claims bounds the wait too: 5 s, the default, is below the cap
    RunResult claimed5 =
        PointRun.run(point("explore=1", "sybilDeadlineSeconds=5"), TierPolicy.RISK_AWARE, 1);
    assertThat(claimed5.cost().silentOpeningMaxMs()).isBetween(4_000.0, 5_000.0);
  }

  @Test
  void theAttemptBudgetIsAKeyAndItsDefaultChangesNothing() throws Exception {
    Point sybils = point("adversary=sybil");
    RunResult byDefault = PointRun.run(sybils, TierPolicy.RISK_AWARE, 1);
    RunResult three =
        PointRun.run(point("adversary=sybil", "attempts=3"), TierPolicy.RISK_AWARE, 1);
    RunResult four = PointRun.run(point("adversary=sybil", "attempts=4"), TierPolicy.RISK_AWARE, 1);
    assertThat(PointRunTest.outcome(three)).isEqualTo(PointRunTest.outcome(byDefault));
    assertThat(four.traceHash()).isNotEqualTo(byDefault.traceHash());
    assertThat(four.verificationMsgsPerWorkflow())
        .isGreaterThan(byDefault.verificationMsgsPerWorkflow());
  }
}
