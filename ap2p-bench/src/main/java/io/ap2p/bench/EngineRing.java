package io.ap2p.bench;

import io.ap2p.sim.engine.Engine;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The engine on exactly the workload of the PeerSim harness in {@code ap2p-bench/peersim/}, timed
 * the same way (one run, wall clock): 10^6 peers, each with a timer every 0.5–1.5 s that sends a
 * message over a 10–60 ms link to the next peer, one shared random stream, 15 simulated seconds
 * (about 30 million events). Prints events per second.
 *
 * <pre>java -Xmx8g -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.EngineRing [PEERS]</pre>
 */
public final class EngineRing {

  private static long events;

  private EngineRing() {}

  /** Runs the ring and prints what it measured. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Engine engine = new Engine(0, 4 * n + 1024);
    SplittableRandom random = new SplittableRandom(1);
    Runnable[] timers = new Runnable[n];
    Runnable[] receive = new Runnable[n];
    for (int i = 0; i < n; i++) {
      receive[i] = () -> events++;
    }
    for (int i = 0; i < n; i++) {
      Runnable next = receive[(i + 1) % n];
      timers[i] =
          new Runnable() {
            @Override
            public void run() {
              events++;
              engine.after(10_000 + random.nextLong(50_000), next);
              engine.after(500_000 + random.nextLong(1_000_000), this);
            }
          };
      engine.after(random.nextLong(1_000_000), timers[i]);
    }
    long t0 = System.nanoTime();
    engine.runUntil(15_000_000);
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "ap2p engine, %,d peers: %,d events in %.2f s = %,.0f events/s%n",
        n,
        events,
        s,
        events / s);
  }
}
