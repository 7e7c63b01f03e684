package io.ap2p.sim.run;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every point × policy × seed of a scenario, in parallel across runs only (each run is
 * single-threaded), and returns the results in a fixed order whatever the thread count.
 */
public final class Runner {

  /** Hears how many runs are done. */
  public interface Progress {
    /** {@code done} of {@code total} runs have finished. */
    void update(int done, int total);
  }

  private Runner() {}

  /** The seeds of a scenario run: 1, 2, … {@code count}. */
  public static List<Long> seeds(int count) {
    List<Long> out = new ArrayList<>(count);
    for (long s = 1; s <= count; s++) {
      out.add(s);
    }
    return out;
  }

  /**
   * Runs {@code scenario} with {@code seeds} seeds on {@code threads} threads; results ordered by
   * point, then policy, then seed.
   */
  public static List<RunResult> run(Scenario scenario, int seeds, int threads, Progress progress)
      throws InterruptedException {
    if (seeds < 1 || threads < 1) {
      throw new IllegalArgumentException("seeds and threads must be >= 1");
    }
    // A world is a point and a seed. One task runs a world's policies one after the other, so
    // they share a memo of signatures and verifications (dropped with the task) and the threads
    // work on different worlds.
    record World(int pointIndex, Point point, int seedIndex, long seed) {}
    List<World> worlds = new ArrayList<>();
    List<Long> seedList = seeds(seeds);
    for (int pi = 0; pi < scenario.points().size(); pi++) {
      for (int si = 0; si < seedList.size(); si++) {
        worlds.add(new World(pi, scenario.points().get(pi), si, seedList.get(si)));
      }
    }
    List<TierPolicy> policies = scenario.policies();
    int total = worlds.size() * policies.size();
    RunResult[] out = new RunResult[total];
    AtomicInteger done = new AtomicInteger();
    progress.update(0, total);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (World w : worlds) {
        futures.add(
            pool.submit(
                () -> {
                  Memo memo = new Memo();
                  for (int k = 0; k < policies.size(); k++) {
                    RunResult r = PointRun.run(w.point(), policies.get(k), w.seed(), memo);
                    // output order: point, then policy, then seed
                    out[(w.pointIndex() * policies.size() + k) * seeds + w.seedIndex()] = r;
                    progress.update(done.incrementAndGet(), total);
                  }
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a simulation run failed: " + e.getCause(), e.getCause());
        }
      }
      return List.of(out);
    } finally {
      pool.shutdownNow();
    }
  }
}
