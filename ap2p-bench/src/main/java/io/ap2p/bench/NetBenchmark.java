package io.ap2p.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.interop.JsPeer;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.HostLimits;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Ping;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The connectivity plane over loopback: handshakes per second (TCP + multistream + Noise XX +
 * yamux, then close), single-stream and 16-stream throughput, ping round trip; the same figures for
 * js-libp2p against itself in the same run (when Node.js is installed), and the ratio.
 *
 * <pre>
 * java -cp ap2p-bench/target/benchmarks.jar io.ap2p.bench.NetBenchmark [SECONDS] [MIB]
 * </pre>
 */
public final class NetBenchmark {

  static final String SINK = "/ap2p/sink/1.0.0";
  static final SecureRandom RANDOM = new SecureRandom();

  /** The figures of one implementation. */
  record Figures(
      double handshakesPerSecond, double singleMiBps, double sixteenMiBps, double pingP50Ms) {}

  private NetBenchmark() {}

  /** Runs the benchmark and prints the table. */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    long bytes = (long) mib << 20;
    System.out.printf(
        Locale.ROOT,
        "ap2p connectivity benchmark over loopback: %d s of handshakes, %d MiB per throughput run%n",
        seconds,
        mib);
    Figures ours = ap2p(seconds, bytes);
    Figures js = null;
    try (JsPeer peer = new JsPeer()) {
      JsonNode r =
          peer.call("bench", Map.of("seconds", seconds, "bytes", Math.min(bytes, 1L << 30)));
      js =
          new Figures(
              r.get("handshakesPerSecond").asDouble(),
              r.get("singleStreamMiBps").asDouble(),
              r.get("sixteenStreamsMiBps").asDouble(),
              r.get("pingP50Ms").asDouble());
    } catch (Exception | AssertionError e) {
      System.out.println("js-libp2p figures unavailable: " + e.getMessage());
    }
    System.out.println();
    System.out.println("| measure | ap2p (Java) | js-libp2p 2.10 | ap2p / js |");
    System.out.println("| --- | ---: | ---: | ---: |");
    row(
        "handshakes per second",
        ours.handshakesPerSecond(),
        js == null ? 0 : js.handshakesPerSecond(),
        false);
    row("1 stream, MiB/s", ours.singleMiBps(), js == null ? 0 : js.singleMiBps(), false);
    row("16 streams, MiB/s", ours.sixteenMiBps(), js == null ? 0 : js.sixteenMiBps(), false);
    row("ping p50, ms", ours.pingP50Ms(), js == null ? 0 : js.pingP50Ms(), true);
    System.out.println();
    System.out.println(
        "(js-libp2p's ping reports whole milliseconds; both sides measured on this machine in this run)");
    System.exit(0);
  }

  private static void row(String what, double ours, double js, boolean lowerIsBetter) {
    String ratio =
        js <= 0
            ? "—"
            : String.format(
                Locale.ROOT, "%.1f×", lowerIsBetter ? js / Math.max(ours, 1e-9) : ours / js);
    System.out.printf(
        Locale.ROOT,
        "| %s | %.3g | %s | %s |%n",
        what,
        ours,
        js <= 0 ? "—" : String.format(Locale.ROOT, "%.3g", js),
        ratio);
  }

  static Figures ap2p(int seconds, long bytes) throws Exception {
    HostLimits limits = HostLimits.DEFAULTS.withMaxConnections(100_000);
    try (Host server =
            Host.start(
                HostConfig.of(
                        PrivateKey.generate(RANDOM),
                        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                        "ap2p/bench")
                    .withLimits(limits));
        Host client =
            Host.start(
                HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "ap2p/bench")
                    .withLimits(limits))) {
      server.handle(SINK, NetBenchmark::sink);
      Multiaddr transport = server.listenAddrs().get(0);

      // warm-up: the JIT compiles the handshake and the stream paths
      long warm = System.nanoTime() + Duration.ofSeconds(Math.max(1, seconds / 2)).toNanos();
      while (System.nanoTime() < warm) {
        client.connect(transport).close();
      }
      long t0 = System.nanoTime();
      long end = t0 + Duration.ofSeconds(seconds).toNanos();
      int handshakes = 0;
      while (System.nanoTime() < end) {
        client.connect(transport).close(); // no /p2p: a fresh connection every time
        handshakes++;
      }
      double hps = handshakes / ((System.nanoTime() - t0) / 1e9);

      Connection c = client.connect(transport.withPeerId(server.peerId()));
      send(c, Math.min(bytes, 64L << 20)); // warm-up
      long t = System.nanoTime();
      send(c, bytes);
      double single = bytes / 1048576.0 / ((System.nanoTime() - t) / 1e9);
      long per = bytes / 16;
      t = System.nanoTime();
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    send(c, per);
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                },
                r -> Thread.ofVirtual().start(r)));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      double sixteen = per * 16 / 1048576.0 / ((System.nanoTime() - t) / 1e9);

      List<Double> rtts = new ArrayList<>();
      try (Stream s = c.newStream(Ping.PROTOCOL_ID)) {
        for (int i = 0; i < 1200; i++) {
          Duration rtt = Ping.once(s, RANDOM, Duration.ofSeconds(5));
          if (i >= 200) {
            rtts.add(rtt.toNanos() / 1e6);
          }
        }
      }
      rtts.sort(Double::compare);
      return new Figures(hps, single, sixteen, rtts.get(rtts.size() / 2));
    }
  }

  static void sink(Stream s) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long n = 0;
    InputStream in = s.in();
    for (int r; (r = in.read(buf)) >= 0; ) {
      n += r;
    }
    s.out().write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    s.close();
  }

  static void send(Connection c, long bytes) throws IOException {
    try (Stream s = c.newStream(SINK)) {
      byte[] chunk = new byte[64 * 1024];
      for (long left = bytes; left > 0; left -= chunk.length) {
        s.out().write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      s.closeWrite();
      String answer = new String(s.in().readAllBytes(), StandardCharsets.US_ASCII);
      if (!answer.equals(Long.toString(bytes))) {
        throw new IOException("sink received " + answer + " of " + bytes + " bytes");
      }
    }
  }
}
