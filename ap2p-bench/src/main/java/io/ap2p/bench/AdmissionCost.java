package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Registry admission cost alone, for comparing two builds of ap2p-core on the same footing: the
 * descriptors of {@link QueryBenchmark} (same generator, seeds and text) are signed first, then
 * admitted into a fresh registry with their verdict given ({@link RegistryServer#admit}: table,
 * quota, tenure, indexes), in rounds. Each round reports the admitting thread's CPU time per
 * admission for the admissions from 10^4 to 10^5 held (and 10^3 to 10^4), the wall time, and the
 * whole process's CPU time (garbage collection and compilation included). It uses only API that
 * ap2p-core has had since 2026-12-01, so an older ap2p-core jar placed before {@code
 * benchmarks.jar} on the class path measures that build:
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp [OLD_CORE.jar:]ap2p-bench/target/benchmarks.jar io.ap2p.bench.AdmissionCost [HELD [ROUNDS]]
 * </pre>
 */
public final class AdmissionCost {

  private AdmissionCost() {}

  /** Admits {@code args[0]} (default 10^5) descriptors {@code args[1]} times (default 3). */
  public static void main(String[] args) throws Exception {
    int held = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ManualClock signing = new ManualClock(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    SignedDescriptor[] ds = new SignedDescriptor[held];
    Bytes[] json = new Bytes[held];
    PeerId[] peers = new PeerId[held];
    String[] tags = {"image.generate", "text.summarize", "content.publish", "audio.transcribe"};
    SplittableRandom random = new SplittableRandom(42);
    SplittableRandom texts = new SplittableRandom(44);
    ObjectNode template = DiscoveryBenchmark.template();
    PrivateKey k = null;
    for (int i = 0; i < held; i++) {
      if (i % 16 == 0) {
        k = DiscoveryBenchmark.key();
      }
      ds[i] =
          QueryBenchmark.descriptor(
              template, k, "cap-" + (i % 16), tags[i % 4], random, texts, signing);
      json[i] = ds[i].toJsonBytes();
      peers[i] = k.peerId();
      signing.advance(10);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // warm-up: two fills of a fifth of the descriptors, not timed
    for (int w = 0; w < 2; w++) {
      fill(ds, json, peers, held / 5, cpu);
    }
    System.out.printf(
        Locale.ROOT,
        "# admission cost, %,d descriptors, %d rounds after 2 warm-up fills of %,d;"
            + " java %s; %s; load average at start %.2f%n",
        held,
        rounds,
        held / 5,
        System.getProperty("java.version"),
        RegistryServer.class.getProtectionDomain().getCodeSource().getLocation(),
        os.getSystemLoadAverage());
    System.out.println(
        "round | thread CPU µs/admission 10^3..10^4 | 10^4..10^5 | wall µs 10^4..10^5"
            + " | process CPU µs 0..10^5 (GC, JIT included) | load");
    for (int r = 0; r < rounds; r++) {
      System.gc();
      long p0 = os.getProcessCpuTime();
      long[] t = fill(ds, json, peers, held, cpu);
      long p1 = os.getProcessCpuTime();
      int late = held - Math.min(held, 10_000);
      System.out.printf(
          Locale.ROOT,
          "%d | %.2f | %.2f | %.2f | %.2f | %.2f%n",
          r + 1,
          t[0] / 1e3 / 9_000,
          t[1] / 1e3 / late,
          t[2] / 1e3 / late,
          (p1 - p0) / 1e3 / held,
          os.getSystemLoadAverage());
    }
    System.exit(0);
  }

  /**
   * Admits the first {@code n} descriptors into a fresh registry; returns the admitting thread's
   * CPU nanoseconds for admissions 10^3..10^4 and 10^4..n, and the wall nanoseconds of the latter.
   */
  static long[] fill(SignedDescriptor[] ds, Bytes[] json, PeerId[] peers, int n, ThreadMXBean cpu) {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    int cap = Math.max(n, 1000);
    RegistryServer server =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            new RegistryLimits(new SoftStateTable.Limits(16, cap, 86_400_000L), 1e9, 1e9, cap),
            new Matcher(RankingWeights.DEFAULT),
            new RegistryServer.Exploration(0.25, new SplittableRandom(7)));
    long[] out = new long[3];
    admit(server, clock, ds, json, peers, 0, Math.min(n, 1_000));
    long c0 = cpu.getCurrentThreadCpuTime();
    admit(server, clock, ds, json, peers, Math.min(n, 1_000), Math.min(n, 10_000));
    long c1 = cpu.getCurrentThreadCpuTime();
    long t1 = System.nanoTime();
    admit(server, clock, ds, json, peers, Math.min(n, 10_000), n);
    out[2] = System.nanoTime() - t1;
    out[1] = cpu.getCurrentThreadCpuTime() - c1;
    out[0] = c1 - c0;
    if (server.table().size() != n) {
      throw new IllegalStateException("held " + server.table().size() + ", not " + n);
    }
    return out;
  }

  private static void admit(
      RegistryServer server,
      ManualClock clock,
      SignedDescriptor[] ds,
      Bytes[] json,
      PeerId[] peers,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      server.admit(peers[i], json[i], Verdict.accept(ds[i]));
      clock.advance(10);
    }
  }
}
