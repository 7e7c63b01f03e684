package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.run.SimDht;
import io.ap2p.sim.world.Latency;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The discovery plane's figures, printed: registry admissions ({@link AdmissionBenchmark});
 * registry query latency at 10^3 to 10^6 held descriptors ({@link QueryBenchmark}); DHT lookups
 * (hops, requests, latency) in the simulator at 10^3 to 10^6 peers.
 *
 * <pre>
 * java -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.DiscoveryBenchmark [MAX_DHT_PEERS]
 * </pre>
 */
public final class DiscoveryBenchmark {

  private DiscoveryBenchmark() {}

  /** Runs every part and prints the tables. */
  public static void main(String[] args) throws Exception {
    int maxDhtPeers = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    AdmissionBenchmark.run();
    QueryBenchmark.run(1_000_000);
    realDht();
    dht(maxDhtPeers);
    System.exit(0);
  }

  static SplittableRandom random = new SplittableRandom(42);

  static PrivateKey key() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return PrivateKey.fromSeed(Bytes.wrap(seed));
  }

  static final ObjectNode TEMPLATE = template();

  static ObjectNode template() {
    try {
      return (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static SignedDescriptor descriptor(PrivateKey k, String id, Instant now) throws Exception {
    return descriptor(k, id, "image.generate", now);
  }

  static SignedDescriptor descriptor(PrivateKey k, String id, String tag, Instant now)
      throws Exception {
    ObjectNode t = TEMPLATE.deepCopy();
    ((ObjectNode) t.get("intent")).putArray("tags").add(tag);
    t.put("id", id);
    t.put("ttlSeconds", 86_400);
    CapabilityDescriptor d = DescriptorSigning.fromTemplate(t, k, now);
    return DescriptorSigning.sign(d, k);
  }

  /** A registry with default limits and a plain validator (no verification memory). */
  static RegistryServer registry(ManualClock clock, RegistryLimits limits) {
    return new RegistryServer(
        clock,
        new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
        limits,
        new Matcher(RankingWeights.DEFAULT));
  }

  // ---- 3. DHT lookups among 30 real nodes on loopback

  static void realDht() throws Exception {
    List<io.ap2p.node.Node> nodes = new ArrayList<>();
    java.security.SecureRandom sr = new java.security.SecureRandom();
    try {
      io.ap2p.net.multiaddr.Multiaddr any =
          io.ap2p.net.multiaddr.Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
      for (int i = 0; i < 30; i++) {
        List<io.ap2p.net.multiaddr.Multiaddr> boot = List.of();
        if (!nodes.isEmpty()) {
          io.ap2p.node.Node via = nodes.get(sr.nextInt(nodes.size()));
          boot = List.of(via.host().listenAddrs().get(0).withPeerId(via.host().peerId()));
        }
        nodes.add(
            io.ap2p.node.Node.start(
                new io.ap2p.node.NodeOptions(
                    PrivateKey.generate(sr),
                    List.of(any),
                    boot,
                    false,
                    java.util.Optional.empty(),
                    List.of(),
                    "ap2p/bench",
                    java.util.Optional.empty(),
                    io.ap2p.node.NodeOptions.Discovery.DHT,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL),
                io.ap2p.core.time.SystemClock.INSTANCE,
                x -> {}));
      }
      Thread.sleep(2000); // identify and join lookups settle
      Bytes key = CapabilityKeys.of(new CapabilityTag("image.generate"));
      for (int i = 0; i < 10; i++) {
        nodes
            .get(i)
            .dht()
            .orElseThrow()
            .announce(key)
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      int lookups = 100;
      double[] ms = new double[lookups];
      int[] hops = new int[lookups];
      int[] requests = new int[lookups];
      for (int i = 0; i < lookups; i++) {
        io.ap2p.node.Node asker = nodes.get(10 + sr.nextInt(20));
        long t0 = System.nanoTime();
        DhtClient.Result res =
            asker
                .dht()
                .orElseThrow()
                .providers(key, 10)
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        hops[i] = res.hops();
        requests[i] = res.requests();
      }
      Arrays.sort(ms);
      Arrays.sort(hops);
      Arrays.sort(requests);
      System.out.println("## DHT provider lookups among 30 real nodes on loopback");
      System.out.println();
      System.out.println("| hops p50 / max | requests p50 | lookup p50 / p99 ms |");
      System.out.println("| ---: | ---: | ---: |");
      System.out.printf(
          Locale.ROOT,
          "| %d / %d | %d | %.2f / %.2f |%n%n",
          hops[lookups / 2],
          hops[lookups - 1],
          requests[lookups / 2],
          ms[lookups / 2],
          ms[lookups * 99 / 100]);
    } finally {
      nodes.forEach(io.ap2p.node.Node::close);
    }
  }

  // ---- 4. DHT lookups in the simulator

  static void dht(int maxPeers) {
    System.out.println("## DHT provider lookups in the simulator (k=20, α=3, 40 ms median links)");
    System.out.println();
    System.out.println(
        "| peers | hops p50 / max | requests p50 | lookup p50 / p95 ms | wall s | live heap MiB |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int n = 1_000; n <= maxPeers; n *= 10) {
      dhtAt(n);
    }
    System.out.println();
    System.out.println(
        "(each node joins knowing 8 random earlier nodes; self-lookups run in waves of 1,000; 20");
    System.out.println("providers announce one key; 200 lookups from random nodes stop at 20)");
  }

  static void dhtAt(int n) {
    System.gc();
    long t0 = System.nanoTime();
    Engine engine =
        new Engine(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), Integer.MAX_VALUE);
    SplittableRandom r = new SplittableRandom(n);
    SimDht dht = new SimDht(engine, r.split(), new Latency(40, 0.5), 3_600_000, b -> {}, p -> true);
    List<PeerId> peers = new ArrayList<>(n);
    SplittableRandom join = r.split();
    for (int i = 0; i < n; i++) {
      byte[] seed = new byte[32];
      r.nextBytes(seed);
      // ids from random multihashes: signing keys are not needed to route
      PeerId p = new PeerId(Bytes.concat(Bytes.wrap(new byte[] {0x12, 0x20}), Bytes.wrap(seed)));
      peers.add(p);
      dht.join(p, join);
    }
    // self-lookups in waves of a thousand nodes (as nodes arriving over time would run them):
    // all at once, 10^6 lookups in flight would hold their candidate sets together
    int wave = 1_000;
    for (int from = 0; from < n; from += wave) {
      int[] left = {Math.min(wave, n - from)};
      for (PeerId p : peers.subList(from, from + left[0])) {
        dht.closest(p, p.multihash(), x -> left[0]--);
      }
      while (left[0] > 0 && engine.runEvents(1) == 1) {
        // run until this wave's lookups are done
      }
    }
    Bytes key = CapabilityKeys.of(new CapabilityTag("image.generate"));
    for (int i = 0; i < 20; i++) {
      dht.announce(peers.get(r.nextInt(n)), key, x -> {});
    }
    engine.runUntil(engine.nowMicros() + 60_000_000L);
    int lookups = 200;
    double[] ms = new double[lookups];
    int[] hops = new int[lookups];
    int[] requests = new int[lookups];
    for (int i = 0; i < lookups; i++) {
      int at = i;
      long started = engine.nowMicros();
      dht.providers(
          peers.get(r.nextInt(n)),
          key,
          20,
          res -> {
            ms[at] = (engine.nowMicros() - started) / 1000.0;
            hops[at] = res.hops();
            requests[at] = res.requests();
          });
      engine.runUntil(engine.nowMicros() + 30_000_000L);
    }
    Arrays.sort(ms);
    Arrays.sort(hops);
    Arrays.sort(requests);
    System.gc(); // live heap: the simulated network, without the garbage its run left
    long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
    if (dht.tableSize(peers.get(0)) < 0) {
      throw new IllegalStateException(); // keeps the network reachable until measured
    }
    System.out.printf(
        Locale.ROOT,
        "| %,d | %d / %d | %d | %.0f / %.0f | %.1f | %,d |%n",
        n,
        hops[lookups / 2],
        hops[lookups - 1],
        requests[lookups / 2],
        ms[lookups / 2],
        ms[lookups * 95 / 100],
        (System.nanoTime() - t0) / 1e9,
        heap);
  }
}
