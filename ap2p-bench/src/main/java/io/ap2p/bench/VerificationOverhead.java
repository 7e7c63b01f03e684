package io.ap2p.bench;

import io.ap2p.core.trust.TierPolicy;
import io.ap2p.node.demo.LoopbackWorld;
import io.ap2p.node.demo.WorkflowBench;
import io.ap2p.sim.scenario.Point;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What verification costs on real peers, by policy: the paper's two-step workflow on a real
 * loopback network (a registry, honest providers of both skills, {@code --persona sybil} providers)
 * under each of the five policies, against naive; then the simulator's figures for the same setting
 * beside them.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ap2p-bench/target/benchmarks.jar \
 *     io.ap2p.bench.VerificationOverhead [--quick] [--trace]
 * </pre>
 */
public final class VerificationOverhead {

  /**
   * How much to run.
   *
   * @param honest honest providers of both skills
   * @param fractions Sybil fractions of the providers, in order (Sybils are only ever added)
   * @param warmup workflows per policy on throw-away requesters before each fraction's measure
   * @param workflows measured workflows per policy and fraction, each policy on a fresh requester
   * @param seeds simulator seeds per fraction and policy
   */
  record Settings(int honest, List<Double> fractions, int warmup, int workflows, int seeds) {

    static final Settings FULL = new Settings(10, List.of(0.0, 0.5), 3, 30, 5);

    /** A smoke check: figures too few to mean anything. */
    static final Settings QUICK = new Settings(4, List.of(0.0, 0.5), 1, 2, 2);
  }

  static final List<TierPolicy> POLICIES = List.of(TierPolicy.values());

  /** What differs between the two sides, printed after the tables. */
  static final String DIFFERENCES =
      """
      What differs between the real runs and the simulator's:
      - Latency. The simulator draws log-normal one-way delays (median 40 ms between peers, 30 ms
        to the registry) and service times (honest image.generate median 1.5 s, content.publish
        0.4 s; Sybils 0.3 s). Real nodes are on loopback (well under 1 ms) and paint a 96x96
        image in milliseconds. So its verification ms (canary round trips, summed) and extra
        time over naive are seconds where the real ones are tens of ms: compare counts and
        success, not milliseconds. Real extra ms are small against the machine's noise (see the
        load average): a negative one means no measurable cost.
      - Canary placement: the same. Both send each canary before or beside the real task at
        random, a wrong canary spending one of the step's 3 attempts, and spot-check trusted
        peers one time in five (the simulator's canaryPlacement=mixed, spotChecks=0.2; its paper
        scenarios send canaries before the real task, for free). Failures under canary and
        risk-aware at 50% are steps that spent their 3 attempts on Sybils (the workflow FAILED:
        no wrong result was accepted).
      - Messages. Real: 4 frames per canary sent (INVOKE + DATA out, RESULT + DATA back; each
        payload fits one 256 KiB DATA chunk; PROGRESS frames not counted; a canary answered by
        ERROR is counted as 4 too). Simulator: 2 per canary (request, answer). Canaries per
        workflow compare directly.
      - Bytes. Real canary KiB are payload both ways (a prompt and a PNG for image.generate, a
        PNG and a JSON answer for content.publish); the simulator's are frames of its 64-byte
        inputs and 32-byte answers.
      - Identities. Real providers serve both skills (distrust earned on one spills over to the
        other); the simulator's each hold one, so it has twice the identities for the same 10
        honest and 10 Sybil providers per skill.
      - Learning. The simulator's requester learns whether each result was right 2 s after a
        workflow (an oracle), which lets reputation and evidence win back success at 50%;
        a real requester learns only from what it checks (canaries, receipts, errors), so
        naive, reputation and evidence record a Sybil's wrong answer as good.
      - Evidence. The simulator's requesters pin an attestor (the irreversible step needs an
        attested receipt); the loopback world has none, so evidence checks signed receipts only,
        which Sybils sign themselves. (The image step is low risk: Sybils win it either way.)
      - Feedback. Real requesters ask providers they trust about newcomers before ranking
        (/ap2p/feedback/1.0.0) under every policy, naive included: part of the baseline, not
        counted as verification. The simulator's feedback sharing is off (one requester).
      - Workload. Real: one workflow at a time per requester, paced; simulator: Poisson
        arrivals at 0.1/s from one requester, so workflows rarely overlap.
      """;

  private VerificationOverhead() {}

  /**
   * Runs the benchmark and prints what it measured; {@code --quick} for a smoke check, {@code
   * --trace} to print how each measured workflow went.
   */
  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    if (quick) {
      System.out.println(
          "quick mode: a smoke check, with too few workflows for meaningful figures");
    }
    boolean trace = Arrays.asList(args).contains("--trace");
    run(quick ? Settings.QUICK : Settings.FULL, trace, System.out);
    System.exit(0);
  }

  static void run(Settings s, boolean trace, PrintStream out) throws Exception {
    long t0 = System.nanoTime();
    out.printf(
        Locale.ROOT,
        "ap2p verification overhead on real peers: one JVM, %d cores, Java %s, max heap %d MiB,"
            + " system load average %.1f%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage());
    out.printf(
        Locale.ROOT,
        "Real: a registry and %d honest providers of image.generate and content.publish (real"
            + " libp2p nodes on 127.0.0.1: TCP, Noise, yamux), Sybil providers of both (--persona"
            + " sybil: attractive claims, always wrong, receipts they sign) added up to each"
            + " fraction. Per fraction: %d warm-up workflows per policy on throw-away requesters,"
            + " then %d measured workflows per policy, each policy on a fresh requester (empty"
            + " reputation view), the five policies interleaved round by round, each requester"
            + " at most one workflow per %d ms (the registry's rate per identity). Workflow:"
            + " generate a %dx%d image, publish it (irreversible); right = the true image"
            + " published under its digest.%n%n",
        s.honest(),
        s.warmup(),
        s.workflows(),
        WorkflowBench.PACE_MILLIS,
        WorkflowBench.SIZE,
        WorkflowBench.SIZE);
    SplittableRandom random = new SplittableRandom(20_260_101L);
    try (LoopbackWorld world = LoopbackWorld.start()) {
      world.addHonest(s.honest(), LoopbackWorld.SKILLS);
      int section = 1;
      for (double f : s.fractions()) {
        LoopbackOverhead.sybilsTo(world, f);
        LoopbackOverhead.measure(world, POLICIES, s.warmup(), random.split(), line -> {});
        Map<TierPolicy, LoopbackOverhead.Tally> real =
            LoopbackOverhead.measure(
                world,
                POLICIES,
                s.workflows(),
                random.split(),
                line -> {
                  if (trace) {
                    out.println("   " + line);
                  }
                });
        Point point = SimOverhead.point(s.honest(), f, s.workflows());
        Map<TierPolicy, SimOverhead.Tally> sim = SimOverhead.measure(point, POLICIES, s.seeds());
        out.printf(
            Locale.ROOT,
            "%d. Sybil fraction %.0f%% (%d honest, %d Sybil providers), load average %.1f%n",
            section++,
            100 * f,
            world.honestCount(),
            world.adversaryCount(),
            loadAverage());
        printReal(real, out);
        out.println();
        out.printf(
            Locale.ROOT,
            "Simulator, same setting: %s; %d seeds per policy%n",
            SimOverhead.describe(point),
            s.seeds());
        printSide(real, sim, out);
        out.println();
      }
    }
    out.println(DIFFERENCES);
    out.printf(
        Locale.ROOT,
        "took %.0f s; system load average at the end: %.1f%n",
        (System.nanoTime() - t0) / 1e9,
        loadAverage());
  }

  private static void printReal(Map<TierPolicy, LoopbackOverhead.Tally> real, PrintStream out) {
    LoopbackOverhead.Tally naive = real.get(TierPolicy.NAIVE);
    out.println(
        "| policy | right | ms/wf median | ms/wf mean | extra ms over naive (median / mean) |"
            + " canaries/wf | verif. msgs/wf (4 frames/canary) | canary ms/wf (summed) |"
            + " canary KiB/wf |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    real.forEach(
        (p, t) ->
            out.printf(
                Locale.ROOT,
                "| %s | %d/%d (%.0f%%) | %.1f | %.1f | %s | %.2f | %.1f | %.1f | %.1f |%n",
                p.label(),
                t.right,
                t.workflows,
                100 * t.successRate(),
                t.nanos.p50(),
                t.nanos.meanMs(),
                p == TierPolicy.NAIVE
                    ? "—"
                    : String.format(
                        Locale.ROOT,
                        "%+.1f / %+.1f",
                        t.nanos.p50() - naive.nanos.p50(),
                        t.nanos.meanMs() - naive.nanos.meanMs()),
                t.canariesPerWorkflow(),
                t.messagesPerWorkflow(),
                t.canaryMillisPerWorkflow(),
                t.canaryKibPerWorkflow()));
  }

  private static void printSide(
      Map<TierPolicy, LoopbackOverhead.Tally> real,
      Map<TierPolicy, SimOverhead.Tally> sim,
      PrintStream out) {
    double simNaive = sim.get(TierPolicy.NAIVE).workflowP50Ms();
    out.println(
        "| policy | success real / sim (sim seeds' range) | canaries/wf real / sim |"
            + " verif. msgs/wf real (4/canary) / sim (2/canary) | verif. ms/wf real / sim |"
            + " extra ms/wf over naive at the median, real / sim | canary KiB/wf real / sim |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (TierPolicy p : POLICIES) {
      LoopbackOverhead.Tally r = real.get(p);
      SimOverhead.Tally m = sim.get(p);
      out.printf(
          Locale.ROOT,
          "| %s | %.2f / %.2f (%.2f–%.2f, %d wf) | %.2f / %.2f | %.1f / %.1f | %.1f / %.0f |"
              + " %s | %.1f / %.1f |%n",
          p.label(),
          r.successRate(),
          m.successRate(),
          m.minSuccess,
          m.maxSuccess,
          m.workflows,
          r.canariesPerWorkflow(),
          m.canariesPerWorkflow(),
          r.messagesPerWorkflow(),
          m.messagesPerWorkflow(),
          r.canaryMillisPerWorkflow(),
          m.verificationMsPerWorkflow(),
          p == TierPolicy.NAIVE
              ? "—"
              : String.format(
                  Locale.ROOT,
                  "%+.1f / %+.0f",
                  r.nanos.p50() - real.get(TierPolicy.NAIVE).nanos.p50(),
                  m.workflowP50Ms() - simNaive),
          r.canaryKibPerWorkflow(),
          m.canaryKibPerWorkflow());
    }
  }

  /** The system's one-minute load average (other processes compete for the same cores). */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
