package io.ap2p.cli.sim;

import io.ap2p.cli.CliFailure;
import io.ap2p.sim.report.Report;
import io.ap2p.sim.run.RunResult;
import io.ap2p.sim.run.Runner;
import io.ap2p.sim.scenario.BuiltIns;
import io.ap2p.sim.scenario.Scenario;
import io.ap2p.sim.scenario.ScenarioException;
import io.ap2p.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p sim run NAME|FILE}: runs a scenario and writes its reports. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a built-in scenario or a scenario file; write results.csv, summary.csv,",
      "perf.csv, PNG figures and report.md to the output directory; print a summary.",
      "A progress bar goes to stderr."
    })
public final class SimRunCommand implements Callable<Integer> {

  /** Largest scenario file read. */
  static final long MAX_FILE_BYTES = ScenarioParser.MAX_BYTES;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME|FILE",
      description = "A built-in scenario (see 'sim list') or a JSON scenario file.")
  String scenario;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "Seeds per point and policy (1..10000; default: the scenario's).")
  Integer seeds;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Runs in parallel (1..256; default: the number of cores).")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (default: sim-out/<scenario name>).")
  Path out;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a scenario key, e.g. --set peers=50 --set 'sybilFraction=[0,0.2]'.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (seeds != null && (seeds < 1 || seeds > 10_000)) {
      throw usage("--seeds must be between 1 and 10000, not " + seeds);
    }
    if (threads != null && (threads < 1 || threads > 256)) {
      throw usage("--threads must be between 1 and 256, not " + threads);
    }
    if (scenario.equals(IncentivesRun.NAME)) {
      return IncentivesRun.run(
          overrides, seeds, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    Scenario s = load();
    int n = seeds != null ? seeds : s.seeds();
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Path dir = out != null ? out : Path.of("sim-out", s.name());
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    int runs = s.points().size() * s.policies().size() * n;
    err.printf(
        "ap2p sim: %s, %d runs (%d points × %d policies × %d seeds) on %d thread(s)%n",
        s.name(), runs, s.points().size(), s.policies().size(), n, t);
    long need = heapEstimate(s, n, t);
    long max = Runtime.getRuntime().maxMemory();
    if (need > max) {
      err.printf(
          Locale.ROOT,
          "ap2p sim: warning: this may need about %.1f GiB of heap and the JVM may use %.1f GiB;"
              + " give it more with AP2P_JAVA_OPTS=-Xmx%dg (or fewer --threads)%n",
          need / GIB,
          max / GIB,
          (long) Math.ceil(need / GIB) + 1);
    }
    err.flush();
    resetPeaks();
    long t0 = System.nanoTime();
    ProgressBar bar = new ProgressBar(err, quiet, t0);
    List<RunResult> results;
    long afterGc;
    try (HeapWatch watch = new HeapWatch()) {
      results = Runner.run(s, n, t, bar::update);
      afterGc = watch.maxAfterGcBytes();
    }
    long wall = (System.nanoTime() - t0) / 1_000_000;
    bar.finish();
    Report report = new Report(s, results);
    report.write(
        dir, new Report.Perf(wall, t, peakHeap(), afterGc, Runtime.getRuntime().maxMemory()));
    printSummary(stdout, report);
    long events = results.stream().mapToLong(RunResult::events).sum();
    stdout.printf(
        Locale.ROOT,
        "%n%d runs in %.1f s, %,d events (%.0f events/s), peak heap %.0f MiB%n",
        results.size(),
        wall / 1000.0,
        events,
        wall == 0 ? 0.0 : events * 1000.0 / wall,
        peakHeap() / (1024.0 * 1024.0));
    stdout.println("report: " + dir.resolve("report.md"));
    return 0;
  }

  private static final double GIB = 1024.0 * 1024 * 1024;

  /**
   * A rough bound of the heap {@code s} needs with {@code threads} worlds at once: per simulated
   * peer 8 KiB in registry mode (measured at 10^6 peers of scale-1m: 4.3 GiB live after a full
   * collection, 6.6 GiB the most after any collection; the rest is room for G1, which falls back to
   * slow full collections with less than about 2 GiB spare) and 16 KiB in DHT mode (measured: 265
   * MiB after a collection at 2×10^4 peers of scale-1m), plus 256 MiB.
   */
  static long heapEstimate(Scenario s, int seeds, int threads) {
    long perWorld = 0;
    for (var p : s.points()) {
      long perPeer = p.discovery().equals("dht") ? 16 * 1024 : 8 * 1024;
      perWorld = Math.max(perWorld, p.peers() * perPeer);
    }
    long worlds = (long) s.points().size() * seeds;
    return perWorld * Math.min(threads, worlds) + (256L << 20);
  }

  private Scenario load() throws IOException {
    Optional<String> builtIn = BuiltIns.text(scenario);
    String text;
    String fallbackName;
    if (builtIn.isPresent()) {
      text = builtIn.get();
      fallbackName = scenario;
    } else {
      Path p = Path.of(scenario);
      if (!Files.isRegularFile(p)) {
        throw new CliFailure(
            "no built-in scenario or file named '"
                + scenario
                + "' (built-ins: "
                + String.join(", ", BuiltIns.NAMES)
                + ")");
      }
      if (Files.size(p) > MAX_FILE_BYTES) {
        throw new CliFailure(scenario + ": larger than " + MAX_FILE_BYTES + " bytes");
      }
      text = Files.readString(p, StandardCharsets.UTF_8);
      String file = p.getFileName().toString();
      fallbackName = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }
    try {
      return ScenarioParser.parse(fallbackName, text, overrides);
    } catch (ScenarioException e) {
      throw new CliFailure(scenario + ": " + e.getMessage());
    }
  }

  private static void printSummary(PrintWriter out, Report report) {
    out.printf(
        "%-40s %-11s %-15s %-22s %-12s%n",
        "point", "policy", "success", "discovery p50/p95 ms", "ctl msg/peer/s");
    for (Report.Row r : report.rows()) {
      out.printf(
          Locale.ROOT,
          "%-40s %-11s %-15s %-22s %-12s%n",
          point(r) + report.extraLabel(r.point()),
          r.policy().label(),
          String.format(Locale.ROOT, "%.3f ± %.3f", r.success().mean(), r.success().ci95()),
          String.format(
              Locale.ROOT, "%.1f / %.1f", r.discoveryP50().mean(), r.discoveryP95().mean()),
          String.format(Locale.ROOT, "%.3f", r.controlMsgs().mean()));
    }
  }

  private static String point(Report.Row r) {
    var p = r.point();
    String s =
        String.format(
            Locale.ROOT,
            "N=%d sybil=%.2f ttl=%ds drift=%.0fs",
            p.peers(),
            p.sybilFraction(),
            p.ttlSeconds(),
            p.driftMeanSeconds());
    return p.adversary().equals("sybil") ? s : s + " " + p.adversary();
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** A one-line progress bar on stderr, redrawn in place; plain lines when not on a terminal. */
  private static final class ProgressBar {
    private final PrintWriter err;
    private final boolean quiet;
    private final long t0;
    private final boolean terminal = System.console() != null;
    private int lastShown = -1;

    ProgressBar(PrintWriter err, boolean quiet, long t0) {
      this.err = err;
      this.quiet = quiet;
      this.t0 = t0;
    }

    synchronized void update(int done, int total) {
      if (quiet || total == 0) {
        return;
      }
      int pct = done * 100 / total;
      int step = terminal ? 1 : 10;
      if (pct / step == lastShown / step && done != total) {
        return;
      }
      lastShown = pct;
      int width = 30;
      int filled = done * width / total;
      double secs = (System.nanoTime() - t0) / 1e9;
      String line =
          String.format(
              Locale.ROOT,
              "[%s%s] %3d%% %d/%d runs, %.0f s",
              "#".repeat(filled),
              ".".repeat(width - filled),
              pct,
              done,
              total,
              secs);
      err.print(terminal ? "\r" + line : line + "\n");
      err.flush();
    }

    synchronized void finish() {
      if (!quiet && terminal) {
        err.println();
        err.flush();
      }
    }
  }
}
