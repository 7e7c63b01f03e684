package io.ap2p.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import io.ap2p.net.pubsub.GossipSub;
import io.ap2p.node.discovery.Federation;
import io.ap2p.node.discovery.RegistryProtocol;
import io.ap2p.node.discovery.RegistryService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Replication across a federation of three registries on loopback TCP, in one JVM: publishers
 * register signed descriptors at registry 0, one at a time; for each, the delay until registries 1
 * and 2 hold it (admitted at 0, gossiped over {@code /meshsub/1.1.0}, re-admitted at each replica),
 * and the GossipSub bytes all three registries sent per descriptor per receiving replica (RPCs,
 * control and gossip included).
 *
 * <pre>java -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.ReplicationBenchmark [PUBLISHERS]
 * </pre>
 *
 * Each publisher registers 16 descriptors (the per-identity quota); the default is 25 publishers,
 * 400 descriptors, after 3 publishers' worth of warm-up.
 */
public final class ReplicationBenchmark {

  private ReplicationBenchmark() {}

  /** Runs the benchmark and prints what it measured. */
  public static void main(String[] args) throws Exception {
    int publishers = args.length > 0 ? Integer.parseInt(args[0]) : 25;
    int warmup = 3;
    SecureRandom random = new SecureRandom();
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    List<AutoCloseable> open = new ArrayList<>();
    List<RegistryService> regs = new ArrayList<>();
    List<Federation> feds = new ArrayList<>();
    List<Multiaddr> addrs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        PrivateKey k = PrivateKey.generate(random);
        Host h = Host.start(HostConfig.of(k, List.of(any), "ap2p/bench"));
        open.add(h);
        RegistryService r =
            new RegistryService(h, SystemClock.INSTANCE, RegistryLimits.DEFAULTS, random);
        open.add(r);
        Federation f =
            Federation.start(
                r,
                k,
                List.copyOf(addrs),
                GossipParams.DEFAULTS,
                SystemClock.INSTANCE,
                new SplittableRandom(i),
                s -> {});
        open.add(f);
        regs.add(r);
        feds.add(f);
        addrs.add(h.listenAddrs().get(0).withPeerId(h.peerId()));
      }
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!feds.stream().allMatch(f -> f.gossip().mesh(Federation.TOPIC).size() == 2)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the three registries did not form a mesh in 20 s");
        }
        Thread.sleep(20);
      }
      Samples toOne = new Samples(publishers * 16);
      Samples toBoth = new Samples(publishers * 16);
      long bytesBefore = 0;
      long descriptorBytes = 0;
      int measured = 0;
      for (int p = 0; p < warmup + publishers; p++) {
        if (p == warmup) {
          bytesBefore = sent(feds);
        }
        PrivateKey pk = PrivateKey.generate(random);
        Host ph = Host.start(HostConfig.of(pk, List.of(any), "ap2p/bench"));
        open.add(ph);
        Connection c = ph.connect(addrs.get(0));
        for (int d = 0; d < 16; d++) {
          Bytes json = descriptor(pk, "cap-" + d);
          int before1 = regs.get(1).size();
          int before2 = regs.get(2).size();
          long t0 = System.nanoTime();
          RegistryMessage ack =
              RegistryProtocol.PROTOCOL.call(c, new RegistryMessage.Register(json)).orElseThrow();
          if (!(ack instanceof RegistryMessage.Ack a)
              || a.status() != RegistryMessage.Status.ACCEPTED) {
            throw new IllegalStateException("registry 0 answered " + ack);
          }
          long first = 0;
          long both = 0;
          long stop = System.nanoTime() + 10_000_000_000L;
          while (both == 0) {
            boolean at1 = regs.get(1).size() > before1;
            boolean at2 = regs.get(2).size() > before2;
            long now = System.nanoTime();
            if ((at1 || at2) && first == 0) {
              first = now - t0;
            }
            if (at1 && at2) {
              both = now - t0;
            }
            if (now > stop) {
              throw new IllegalStateException("not replicated within 10 s");
            }
            LockSupport.parkNanos(50_000);
          }
          if (p >= warmup) {
            toOne.add(first);
            toBoth.add(both);
            descriptorBytes += json.length();
            measured++;
          }
        }
      }
      Thread.sleep(1500); // a heartbeat's gossip about the last ones is counted too
      long bytes = sent(feds) - bytesBefore;
      System.out.printf(
          Locale.ROOT,
          "replication over 3 registries (GossipSub, flood publish, heartbeat %d ms), %d"
              + " descriptors of %.0f bytes on average:%n",
          GossipParams.DEFAULTS.heartbeat().toMillis(),
          measured,
          descriptorBytes / (double) measured);
      System.out.printf(
          Locale.ROOT,
          "  delay publish→first replica  p50 %.2f ms  p99 %.2f ms%n",
          toOne.p50(),
          toOne.p99());
      System.out.printf(
          Locale.ROOT,
          "  delay publish→both replicas  p50 %.2f ms  p99 %.2f ms%n",
          toBoth.p50(),
          toBoth.p99());
      System.out.printf(
          Locale.ROOT,
          "  meshsub bytes sent per descriptor per receiving replica: %.0f (%.2f× the descriptor)%n",
          bytes / (double) measured / 2,
          bytes / (double) measured / 2 / (descriptorBytes / (double) measured));
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception ignored) {
          // closing anyway
        }
      }
    }
  }

  private static long sent(List<Federation> feds) {
    return feds.stream().map(Federation::gossip).mapToLong(GossipSub::bytesSent).sum();
  }

  private static Bytes descriptor(PrivateKey key, String id) throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", id);
    t.put("ttlSeconds", 600);
    return DescriptorSigning.sign(
            DescriptorSigning.fromTemplate(t, key, SystemClock.INSTANCE.instant()), key)
        .toJsonBytes();
  }
}
