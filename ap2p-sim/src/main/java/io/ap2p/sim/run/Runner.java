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
    record Job(Point point, TierPolicy policy, long seed) {}
    List<Job> jobs = new ArrayList<>();
    for (Point p : scenario.points()) {
      for (TierPolicy policy : scenario.policies()) {
        for (long seed : seeds(seeds)) {
          jobs.add(new Job(p, policy, seed));
        }
      }
    }
    AtomicInteger done = new AtomicInteger();
    progress.update(0, jobs.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      for (Job j : jobs) {
        futures.add(
            pool.submit(
                () -> {
                  RunResult r = PointRun.run(j.point(), j.policy(), j.seed());
                  progress.update(done.incrementAndGet(), jobs.size());
                  return r;
                }));
      }
      List<RunResult> out = new ArrayList<>(jobs.size());
      for (Future<RunResult> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a simulation run failed: " + e.getCause(), e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
