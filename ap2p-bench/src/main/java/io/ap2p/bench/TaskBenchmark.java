package io.ap2p.bench;

import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.DatabaseLog;
import io.ap2p.node.execution.ExecutionLimits;
import io.ap2p.node.execution.ExecutionLog;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The task plane over loopback, two real hosts in one JVM (TCP + Noise + yamux, {@code
 * /ap2p/task/1.0.0} served by a {@code TaskService}, called with {@code TaskClient}): delegation
 * overhead (echo minus ping), tasks per second with receipts under 16 concurrent requesters, and a
 * 16 MiB result against a raw stream.
 *
 * <pre>
 * java -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.TaskBenchmark [--quick]
 * </pre>
 */
public final class TaskBenchmark {

  /**
   * How much to run.
   *
   * @param warmup rounds of the overhead measure before measuring
   * @param reps measured rounds of the overhead measure
   * @param requesters concurrent requesters of the load measure
   * @param connections connections they share
   * @param loadWarmup load before the window
   * @param loadWindow the measured window
   * @param bulkBytes the large output's size
   * @param bulkWarmup transfers of each kind before measuring
   * @param bulkRuns measured transfers of each kind
   */
  record Settings(
      int warmup,
      int reps,
      int requesters,
      int connections,
      Duration loadWarmup,
      Duration loadWindow,
      long bulkBytes,
      int bulkWarmup,
      int bulkRuns) {

    static final Settings FULL =
        new Settings(
            2_000, 10_000, 16, 1, Duration.ofSeconds(3), Duration.ofSeconds(10), 16 << 20, 5, 20);

    /** A smoke check: a few hundred rounds, a 4 MiB output; the figures are not meaningful. */
    static final Settings QUICK =
        new Settings(200, 300, 16, 1, Duration.ofMillis(500), Duration.ofSeconds(1), 4 << 20, 1, 2);
  }

  private TaskBenchmark() {}

  /** Runs the benchmark and prints what it measured; {@code --quick} for a smoke check. */
  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    if (quick) {
      System.out.println(
          "quick mode: a smoke check, with too little warm-up for meaningful figures");
    }
    run(quick ? Settings.QUICK : Settings.FULL, System.out);
    System.exit(0);
  }

  static void run(Settings s, PrintStream out) throws Exception {
    out.printf(
        Locale.ROOT,
        "ap2p task plane over loopback: two hosts in one JVM, %d cores, Java %s, max heap %d MiB,"
            + " system load average %.1f%n%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage());
    byte[] blob = new byte[(int) s.bulkBytes()];
    TaskRig.RANDOM.nextBytes(blob);
    try (TaskRig rig = new TaskRig(ExecutionLimits.DEFAULTS, ExecutionLog.NONE, Bytes.wrap(blob))) {
      out.printf(
          Locale.ROOT,
          "1. Delegation overhead: 64-byte echo vs ping on one connection; %d warm-up and %d"
              + " measured rounds, each round runs every operation once (same warm-up and"
              + " repetitions for all); nearest-rank percentiles%n",
          s.warmup(),
          s.reps());
      Map<String, Samples> overhead = DelegationOverhead.measure(rig, s.warmup(), s.reps());
      DelegationOverhead.print(overhead, out);
      out.println();

      load(s, out);
      out.println();
      out.printf(
          Locale.ROOT,
          "3. A %d MiB result: median of %d transfers after %d warm-up each, one connection%n",
          s.bulkBytes() >> 20,
          s.bulkRuns(),
          s.bulkWarmup());
      Map<String, Samples> bulk =
          BulkOutput.measure(rig, s.bulkBytes(), s.bulkWarmup(), s.bulkRuns());
      double raw = BulkOutput.mibPerSecond(bulk.get(BulkOutput.RAW), s.bulkBytes());
      out.println("| transfer | median ms | MiB/s | of raw |");
      out.println("| --- | ---: | ---: | ---: |");
      bulk.forEach(
          (op, x) -> {
            double mibps = BulkOutput.mibPerSecond(x, s.bulkBytes());
            out.printf(
                Locale.ROOT,
                "| %s | %.1f | %.0f | %.0f%% |%n",
                op,
                x.p50(),
                mibps,
                100 * mibps / raw);
          });
      out.printf(Locale.ROOT, "system load average at the end: %.1f%n", loadAverage());
    }
  }

  /** The system's one-minute load average (other processes compete for the same cores). */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void load(Settings s, PrintStream out) throws Exception {
    int running = 4 * s.requesters();
    out.printf(
        Locale.ROOT,
        "2. Throughput with receipts: %d virtual-thread requesters on %d connection(s), each"
            + " looping 64-byte echo calls (receipt signed by the provider, verified by the"
            + " requester, one stream per call); admission raised to %d running and %d queued;"
            + " %.1f s warm-up, %.1f s measured; without and with the provider's database%n",
        s.requesters(),
        s.connections(),
        running,
        running,
        s.loadWarmup().toMillis() / 1e3,
        s.loadWindow().toMillis() / 1e3);
    out.println("| provider's log | tasks/s | tasks | p50 ms | p99 ms | process CPU per task |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    load(s, out, "none (no data directory)", ExecutionLog.NONE);
    Path dir = Files.createTempDirectory("ap2p-bench");
    try (Database db = DataDir.open(dir).openDatabase()) {
      load(s, out, "SQLite, synchronous=FULL (a data directory)", new DatabaseLog(db));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void load(Settings s, PrintStream out, String what, ExecutionLog log)
      throws Exception {
    int running = 4 * s.requesters();
    ExecutionLimits limits =
        ExecutionLimits.DEFAULTS.withConcurrency(running, running, running, running);
    try (TaskRig rig = new TaskRig(limits, log, Bytes.wrap(new byte[1]))) {
      TaskLoad.Figures f =
          TaskLoad.measure(rig, s.requesters(), s.connections(), s.loadWarmup(), s.loadWindow());
      out.printf(
          Locale.ROOT,
          "| %s | %.0f | %d | %.3f | %.3f | %s |%n",
          what,
          f.perSecond(),
          f.tasks(),
          f.latency().p50(),
          f.latency().p99(),
          f.seconds() < 5 || f.tasks() == 0
              ? "— (window too short)"
              : String.format(Locale.ROOT, "%.0f µs", f.cpuMillis() * 1e3 / f.tasks()));
    }
  }
}
