package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.SoftStateTable;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Registry query latency and admission cost by descriptors held (10^3 … 10^6), as a node's registry
 * runs: default weights, 25% exploration, limit 10, a quarter of the descriptors under the queried
 * tag. Descriptors are signed outside the timed part and admitted with their verdict already given
 * ({@link RegistryServer#admit}), so the admission figure is the table, quota, tenure and index
 * work that queries depend on (signature checks are measured by {@link AdmissionBenchmark}). The
 * clock advances 10 ms per admission, so older providers have full tenure and newer ones are
 * ramping; claimed QoS and load vary per descriptor, and so do their names, descriptions and
 * examples ({@link TextCorpus}). At each size, text queries follow: a tag and three words, and
 * three words alone ({@code --no-text} as a second argument skips them). With {@code --varied}
 * instead, every descriptor claims a latency and a price of its own (drawn from a million values
 * each) and a third kind of text query follows: a tag, three words, and bounds on latency and price
 * that about half the descriptors pass each.
 *
 * <pre>
 * java -Xmx12g -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.QueryBenchmark [MAX_HELD [--no-text|--varied]]
 * </pre>
 */
public final class QueryBenchmark {

  private QueryBenchmark() {}

  /** Queries before measuring, at each size. */
  static final int WARMUP = 50;

  /** Measured queries at each size. */
  static final int QUERIES = 300;

  /** Text queries before measuring, at each size and of each kind. */
  static final int TEXT_WARMUP = 5;

  /** Measured text queries at each size and of each kind (16 different texts, in turn). */
  static final int TEXT_QUERIES = 60;

  static final TextCorpus CORPUS = new TextCorpus();

  /** Whether every descriptor claims a latency and a price of its own ({@code --varied}). */
  static boolean varied;

  /** Runs the table up to {@code args[0]} (default 10^6) descriptors held. */
  public static void main(String[] args) throws Exception {
    int max = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    boolean text = args.length < 2 || !args[1].equals("--no-text");
    varied = args.length > 1 && args[1].equals("--varied");
    run(max, text);
    System.exit(0);
  }

  static void run(int max) throws Exception {
    run(max, true);
  }

  static void run(int max, boolean withText) throws Exception {
    warmUp();
    System.out.println(
        "## Registry tag query latency by descriptors held (one thread; limit 10, 25% explored)");
    System.out.println();
    System.out.println(
        "| held | under tag | query p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |"
            + " admit µs (table+index) | admit CPU µs | live heap MiB |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    RegistryServer server =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            new RegistryLimits(
                new SoftStateTable.Limits(16, Math.max(max, 1000), 86_400_000L),
                1e9,
                1e9,
                Math.max(max, 1000)),
            new Matcher(RankingWeights.DEFAULT),
            new RegistryServer.Exploration(0.25, new SplittableRandom(7)));
    String[] tags = {"image.generate", "text.summarize", "content.publish", "audio.transcribe"};
    SplittableRandom random = new SplittableRandom(42);
    SplittableRandom texts = new SplittableRandom(44);
    ObjectNode template = DiscoveryBenchmark.template();
    List<String> textRows = new ArrayList<>();
    List<Query> tagText = CORPUS.queries(16, new CapabilityTag("image"), 45);
    List<Query> textOnly = CORPUS.queries(16, null, 46);
    List<Query> bounded =
        tagText.stream()
            .map(
                q ->
                    new Query(
                        q.text(),
                        q.tags(),
                        500 + 500_000,
                        Optional.of(50.0),
                        Optional.empty(),
                        SideEffect.IRREVERSIBLE,
                        1,
                        q.limit()))
            .toList();
    int held = 0;
    PrivateKey k = null;
    PeerId asker = DiscoveryBenchmark.key().peerId();
    RegistryMessage.Find find =
        new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 10));
    for (int target = 1_000; target <= max; target *= 10) {
      long admitNanos = 0;
      long admitCpu = 0;
      int admitted = 0;
      while (held < target) {
        if (held % 16 == 0) {
          k = DiscoveryBenchmark.key();
        }
        SignedDescriptor d =
            descriptor(template, k, "cap-" + (held % 16), tags[held % 4], random, texts, clock);
        Bytes json = d.toJsonBytes();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        server.admit(k.peerId(), json, Verdict.accept(d));
        admitNanos += System.nanoTime() - t0;
        admitCpu += cpu.getCurrentThreadCpuTime() - c0;
        admitted++;
        held++;
        clock.advance(10);
      }
      for (int i = 0; i < WARMUP; i++) {
        server.handle(asker, find);
      }
      Samples ms = new Samples(QUERIES);
      Samples cpuMs = new Samples(QUERIES);
      int answered = 0;
      for (int i = 0; i < QUERIES; i++) {
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        RegistryMessage r = server.handle(asker, find);
        ms.add(System.nanoTime() - t0);
        cpuMs.add(cpu.getCurrentThreadCpuTime() - c0);
        answered += ((RegistryMessage.Found) r).descriptors().size();
      }
      if (answered != 10 * QUERIES) {
        throw new IllegalStateException("answers were short: " + answered);
      }
      System.gc();
      long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
      System.out.printf(
          Locale.ROOT,
          "| %,d | %,d | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f | %,d |%n",
          server.table().size(),
          server.table().size() / 4,
          ms.p50(),
          ms.p99(),
          ms.percentileMs(100),
          cpuMs.p50(),
          cpuMs.p99(),
          admitNanos / 1e3 / admitted,
          admitCpu / 1e3 / admitted,
          heap);
      if (withText) {
        textRows.add(textRow(server, asker, "image + 3 words", tagText, cpu));
        textRows.add(textRow(server, asker, "3 words", textOnly, cpu));
        if (varied) {
          textRows.add(
              textRow(server, asker, "image + 3 words, latency and price bounded", bounded, cpu));
        }
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "(%d warm-up and %d measured queries per size; the clock advances 10 ms per admission;"
            + " CPU: the querying thread's CPU time, which a busy machine does not inflate)%n",
        WARMUP,
        QUERIES);
    if (withText) {
      System.out.println();
      System.out.println(
          "## Registry text query latency by descriptors held (one thread; limit 10, 25% explored)");
      System.out.println();
      System.out.println(
          "| held | query | answer size (mean) | query p50 ms | p99 ms | max ms | CPU p50 ms |"
              + " CPU p99 ms |");
      System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
      textRows.forEach(System.out::println);
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "(%d warm-up and %d measured text queries per size and kind, 16 texts in turn; each text"
              + " is three words of frequency rank 10..999 in a Zipf vocabulary of %,d words)%n",
          TEXT_WARMUP,
          TEXT_QUERIES,
          TextCorpus.WORDS);
    }
  }

  /** Times {@link #TEXT_QUERIES} of {@code queries} (in turn) and formats one table row. */
  static String textRow(
      RegistryServer server,
      PeerId asker,
      String kind,
      List<Query> queries,
      java.lang.management.ThreadMXBean cpu) {
    for (int i = 0; i < TEXT_WARMUP; i++) {
      server.handle(asker, new RegistryMessage.Find(queries.get(i % queries.size())));
    }
    Samples ms = new Samples(TEXT_QUERIES);
    Samples cpuMs = new Samples(TEXT_QUERIES);
    long answered = 0;
    for (int i = 0; i < TEXT_QUERIES; i++) {
      RegistryMessage.Find find = new RegistryMessage.Find(queries.get(i % queries.size()));
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      RegistryMessage r = server.handle(asker, find);
      ms.add(System.nanoTime() - t0);
      cpuMs.add(cpu.getCurrentThreadCpuTime() - c0);
      answered += ((RegistryMessage.Found) r).descriptors().size();
    }
    return String.format(
        Locale.ROOT,
        "| %,d | %s | %.1f | %.3f | %.3f | %.3f | %.3f | %.3f |",
        server.table().size(),
        kind,
        answered / (double) TEXT_QUERIES,
        ms.p50(),
        ms.p99(),
        ms.percentileMs(100),
        cpuMs.p50(),
        cpuMs.p99());
  }

  /** Admissions and queries on a throwaway registry, so the first size is not timed cold. */
  static void warmUp() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-30T00:00:00Z").toEpochMilli());
    RegistryServer server =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            new RegistryLimits(
                new SoftStateTable.Limits(16, 10_000, 86_400_000L), 1e9, 1e9, 10_000),
            new Matcher(RankingWeights.DEFAULT),
            new RegistryServer.Exploration(0.25, new SplittableRandom(8)));
    SplittableRandom random = new SplittableRandom(43);
    SplittableRandom texts = new SplittableRandom(47);
    ObjectNode template = DiscoveryBenchmark.template();
    PrivateKey k = null;
    RegistryMessage.Find find =
        new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 10));
    List<Query> warmText = CORPUS.queries(16, new CapabilityTag("image"), 48);
    for (int i = 0; i < 5_000; i++) {
      if (i % 16 == 0) {
        k = DiscoveryBenchmark.key();
      }
      String tag = i % 2 == 0 ? "image.generate" : "text.summarize";
      SignedDescriptor d = descriptor(template, k, "cap-" + (i % 16), tag, random, texts, clock);
      server.admit(k.peerId(), d.toJsonBytes(), Verdict.accept(d));
      clock.advance(200);
      if (i % 10 == 0) {
        server.handle(k.peerId(), find);
        server.handle(k.peerId(), new RegistryMessage.Find(warmText.get(i / 10 % 16)));
      }
    }
  }

  static SignedDescriptor descriptor(
      ObjectNode template,
      PrivateKey k,
      String id,
      String tag,
      SplittableRandom random,
      SplittableRandom texts,
      ManualClock clock)
      throws Exception {
    ObjectNode t = template.deepCopy();
    CORPUS.fill(t, texts);
    ((ObjectNode) t.get("intent")).putArray("tags").add(tag);
    t.put("id", id);
    t.put("ttlSeconds", 86_400);
    ((ObjectNode) t.get("state")).put("load", random.nextInt(101) / 100.0);
    ObjectNode qos = (ObjectNode) t.get("qos");
    int p95 = 500 + 100 * random.nextInt(96);
    if (varied) {
      p95 = 500 + random.nextInt(1_000_000);
      ((ObjectNode) t.get("constraints").get("price"))
          .put("amount", random.nextInt(1_000_000) / 1e4);
    }
    qos.put("latencyP95Ms", p95);
    qos.put("latencyP50Ms", p95 / 2);
    qos.put("successRate", (80 + random.nextInt(21)) / 100.0);
    return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, k, clock.instant()), k);
  }
}
