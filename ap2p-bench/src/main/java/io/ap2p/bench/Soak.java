package io.ap2p.bench;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.demo.WorkflowBench;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A soak: discovery and delegation traffic on a loopback network for a long time, sampling what
 * would grow if something leaked. In one JVM: a registry, providers of the paper's two skills and
 * two requesters, every node with its own data directory (SQLite database, receipts, task log). The
 * requesters run the two-step workflow under risk-aware (two discoveries, canaries, receipts per
 * workflow) in turn, as fast as the registry's rate limit lets them; every 5 minutes one provider
 * is stopped and a fresh one joins (connections close and open). Every sample gives, after a full
 * collection: heap used, live threads, open file descriptors, and the workflows run so far; the end
 * gives each one's growth per hour over the second half (after warm-up).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp ap2p-bench/target/benchmarks.jar \
 *     io.ap2p.bench.Soak [MINUTES] [SAMPLE_SECONDS]     (defaults 60 and 60)
 * </pre>
 */
public final class Soak {

  static final int PROVIDERS = 6;
  static final long CHURN_MILLIS = 5 * 60_000;

  private final SecureRandom keys = new SecureRandom();
  private final Path root;
  private int dirs;

  private Soak(Path root) {
    this.root = root;
  }

  /** One sample. */
  record Sample(
      double minutes, long workflows, long succeeded, double heapMib, int threads, long fds) {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? parse(args[0], "MINUTES", 0.5, 7 * 24 * 60) : 60;
    double every = args.length > 1 ? parse(args[1], "SAMPLE_SECONDS", 5, 3600) : 60;
    Path root = Files.createTempDirectory("ap2p-soak");
    new Soak(root).run(minutes, every);
  }

  static double parse(String s, String name, double min, double max) {
    try {
      double v = Double.parseDouble(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // below
    }
    System.err.printf(
        Locale.ROOT, "Soak: %s must be a number from %s to %s, got '%s'%n", name, min, max, s);
    System.exit(2);
    return 0;
  }

  private NodeOptions options(boolean registry, Optional<Multiaddr> registryPeer, boolean serve)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve("node-" + (++dirs)));
    List<CapabilitySpec> skills = new ArrayList<>();
    if (serve) {
      skills.add(CapabilitySpec.forBuiltin("image.generate"));
      skills.add(CapabilitySpec.forBuiltin("content.publish"));
    }
    return new NodeOptions(
            PrivateKey.generate(keys),
            List.of(Multiaddr.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))),
            List.of(),
            registry,
            registryPeer,
            List.of(),
            "ap2p-soak",
            Optional.of(dir),
            NodeOptions.Discovery.REGISTRY,
            DhtService.DEFAULT_PROTOCOL)
        .serving(skills);
  }

  private Node start(NodeOptions o) throws IOException {
    return Node.start(o, SystemClock.INSTANCE, line -> {});
  }

  private void run(double minutes, double everySeconds) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "soak: %.1f min, a sample every %.0f s; a registry, %d providers (one replaced every %d"
            + " min), 2 requesters running the two-step workflow under risk-aware; data in %s%n",
        minutes,
        everySeconds,
        PROVIDERS,
        CHURN_MILLIS / 60_000,
        root);
    Node registry = start(options(true, Optional.empty(), false));
    Multiaddr reg = registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
    List<Node> providers = new ArrayList<>();
    for (int i = 0; i < PROVIDERS; i++) {
      providers.add(start(options(false, Optional.of(reg), true)));
    }
    List<Node> requesters =
        List.of(
            start(options(false, Optional.of(reg), false)),
            start(options(false, Optional.of(reg), false)));
    Thread.sleep(2_000); // the providers publish
    SplittableRandom random = new SplittableRandom(7);
    long started = System.nanoTime();
    long end = started + (long) (minutes * 60e9);
    long nextSample = started;
    long nextChurn = started + CHURN_MILLIS * 1_000_000;
    long workflows = 0;
    long succeeded = 0;
    int churned = 0;
    List<Sample> samples = new ArrayList<>();
    System.out.println("   min  workflows  right   heap MiB  threads  fds");
    int turn = 0;
    while (System.nanoTime() < end) {
      if (System.nanoTime() >= nextSample) {
        Sample s = sample((System.nanoTime() - started) / 60e9, workflows, succeeded);
        samples.add(s);
        System.out.printf(
            Locale.ROOT,
            "%6.1f  %9d  %5.1f%%  %9.1f  %7d  %3d%n",
            s.minutes(),
            s.workflows(),
            s.workflows() == 0 ? 0 : 100.0 * s.succeeded() / s.workflows(),
            s.heapMib(),
            s.threads(),
            s.fds());
        nextSample += (long) (everySeconds * 1e9);
      }
      if (System.nanoTime() >= nextChurn) {
        Node gone = providers.remove(0);
        gone.close();
        providers.add(start(options(false, Optional.of(reg), true)));
        churned++;
        nextChurn += CHURN_MILLIS * 1_000_000;
      }
      Node requester = requesters.get(turn++ % requesters.size());
      WorkflowBench.Result r =
          WorkflowBench.run(requester, TierPolicy.RISK_AWARE, 5, List.of(), random, line -> {});
      workflows += r.workflows();
      succeeded += r.succeeded();
    }
    samples.add(sample((System.nanoTime() - started) / 60e9, workflows, succeeded));
    report(samples, churned);
    for (Node n : requesters) {
      n.close();
    }
    for (Node n : providers) {
      n.close();
    }
    registry.close();
  }

  static Sample sample(double minutes, long workflows, long succeeded) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    double heap = memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long fds = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      fds = unix.getOpenFileDescriptorCount();
    }
    return new Sample(minutes, workflows, succeeded, heap, threads, fds);
  }

  /** Least-squares growth per hour of each measure over the second half of the samples. */
  static void report(List<Sample> samples, int churned) {
    List<Sample> late = samples.subList(samples.size() / 2, samples.size());
    Sample last = samples.get(samples.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "soak: %d workflows in %.1f min (%.1f%% right), %d providers replaced%n",
        last.workflows(),
        last.minutes(),
        last.workflows() == 0 ? 0 : 100.0 * last.succeeded() / last.workflows(),
        churned);
    System.out.printf(
        Locale.ROOT,
        "growth per hour over the second half (%d samples, after warm-up): heap %+.1f MiB,"
            + " threads %+.1f, fds %+.1f%n",
        late.size(),
        slopePerHour(late, Sample::heapMib),
        slopePerHour(late, s -> s.threads()),
        slopePerHour(late, s -> s.fds()));
  }

  static double slopePerHour(List<Sample> s, java.util.function.ToDoubleFunction<Sample> y) {
    if (s.size() < 2) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (Sample x : s) {
      mx += x.minutes();
      my += y.applyAsDouble(x);
    }
    mx /= s.size();
    my /= s.size();
    double num = 0;
    double den = 0;
    for (Sample x : s) {
      num += (x.minutes() - mx) * (y.applyAsDouble(x) - my);
      den += (x.minutes() - mx) * (x.minutes() - mx);
    }
    return den == 0 ? 0 : num / den * 60;
  }
}
