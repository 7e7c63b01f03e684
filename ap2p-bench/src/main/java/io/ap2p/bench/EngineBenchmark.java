package io.ap2p.bench;

import io.ap2p.sim.engine.Engine;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The simulator's event engine alone: a ring of {@code peers} peers, each with a periodic timer
 * (mean period 1 s, jittered) that sends a message to the next peer over a 10–60 ms link. Every
 * timer firing and every message delivery is one event; the score is events per second. This is the
 * workload PeerSim's event-driven engine is usually compared on; with {@code random=shared} the
 * peers draw from one random stream, as PeerSim's {@code CommonState.r}, and with {@code
 * random=per-peer} each peer has its own (one more cache miss per timer at 10^6 peers). The PeerSim
 * harness for the same workload is in {@code ap2p-bench/peersim/}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark extends BenchBase {

  static final int EVENTS_PER_OP = 1_000_000;

  @Param({"1000000"})
  int peers;

  @Param({"shared", "per-peer"})
  String random;

  Engine engine;
  long delivered;

  private final class Peer {
    final int index;
    final SplittableRandom random;
    final Runnable timer = this::fire;
    final Runnable receive = () -> delivered++;

    Peer(int index, SplittableRandom random) {
      this.index = index;
      this.random = random;
    }

    void fire() {
      Peer next = ring[(index + 1) % ring.length];
      engine.after(10_000 + random.nextLong(50_000), next.receive);
      engine.after(500_000 + random.nextLong(1_000_000), timer);
    }
  }

  Peer[] ring;

  /** Builds the ring and arms every timer at a random offset within the first second. */
  @Setup(Level.Trial)
  public void setUp() {
    engine = new Engine(0, 4 * peers + 1024);
    SplittableRandom root = new SplittableRandom(1);
    ring = new Peer[peers];
    SplittableRandom shared = root.split();
    for (int i = 0; i < peers; i++) {
      ring[i] = new Peer(i, random.equals("shared") ? shared : root.split());
    }
    for (Peer p : ring) {
      engine.after(root.nextLong(1_000_000), p.timer);
    }
  }

  /** Dispatches one million events (each may schedule more). */
  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_OP)
  public long dispatch() {
    return engine.runEvents(EVENTS_PER_OP);
  }
}
