package io.ap2p.net.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Identify;
import io.ap2p.net.protocol.Ping;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.resource.ResourceLimits;
import io.ap2p.net.transport.LengthPrefixed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's admission test: one remote holds hundreds of unfinished handshakes and keeps opening
 * more at a steady rate (a third send nothing, a third a valid multistream header and then stall, a
 * third also the first Noise message and then stall before the last); meanwhile new well-behaved
 * peers connect, ping and identify. Prints the times under attack against no attack and asserts a
 * bound. Real TCP on loopback throughout.
 */
@Tag("slow")
class HandshakeFloodTest {

  static final SecureRandom RANDOM = new SecureRandom();

  /** Attack sockets opened per second, and how many the attacker keeps open at once. */
  static final int RATE = 300;

  static final int HELD = 500;

  /** Well-behaved peers measured with and without the attack. */
  static final int TRIALS = 25;

  /** What a well-behaved peer must manage under attack: connect, ping and identify. */
  static final Duration BOUND = Duration.ofSeconds(2);

  final List<Host> hosts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    hosts.forEach(Host::close);
  }

  Host server(HostLimits limits) throws Exception {
    Host h =
        Host.start(
            HostConfig.of(
                    PrivateKey.generate(RANDOM),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                    "ap2p/test")
                .withLimits(limits));
    hosts.add(h);
    return h;
  }

  /** One well-behaved peer's times, in ms: connect (full upgrade), ping, identify. */
  record Trial(double connect, double ping, double identify) {
    double total() {
      return connect + ping + identify;
    }
  }

  static Trial trial(Host server) throws IOException {
    Host client =
        Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "ap2p/test-client"));
    try {
      Multiaddr addr = server.listenAddrs().get(0).withPeerId(server.peerId());
      long t0 = System.nanoTime();
      Connection c = client.connect(addr);
      long t1 = System.nanoTime();
      try (Stream s = c.newStream(Ping.PROTOCOL_ID)) {
        Ping.once(s, RANDOM, Duration.ofSeconds(5));
      }
      long t2 = System.nanoTime();
      assertThat(Identify.request(client, c).publicKey().peerId()).isEqualTo(server.peerId());
      long t3 = System.nanoTime();
      return new Trial((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    } finally {
      client.close();
    }
  }

  static List<Trial> trials(Host server, Duration spacing) throws Exception {
    List<Trial> out = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      out.add(trial(server));
      Thread.sleep(spacing);
    }
    return out;
  }

  /** The attacker: opens {@link #RATE} sockets a second from {@code source}, holding the latest. */
  static final class Attacker implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final ArrayDeque<Socket> held = new ArrayDeque<>();
    final Thread thread;

    Attacker(Host server, InetAddress source, int burst) throws Exception {
      InetSocketAddress target =
          new InetSocketAddress(
              InetAddress.getLoopbackAddress(),
              server.listenAddrs().get(0).tcpEndpoint().getPort());
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    for (int i = 0; i < burst && !stop.get(); i++) {
                      open(target, source, i);
                    }
                    long period = 1_000_000_000L / RATE;
                    long next = System.nanoTime();
                    for (int i = burst; !stop.get(); i++) {
                      open(target, source, i);
                      next += period;
                      long wait = next - System.nanoTime();
                      if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                      }
                    }
                  });
    }

    private void open(InetSocketAddress target, InetAddress source, int i) {
      Socket s = new Socket();
      try {
        s.bind(new InetSocketAddress(source, 0));
        s.connect(target, 1000);
        switch (i % 3) {
          case 0 -> {} // nothing at all
          case 1 -> s.getOutputStream().write(multistreamNoise()); // then stall in Noise
          default -> { // the first Noise message too, then never the third
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(multistreamNoise());
            byte[] e = new byte[32];
            RANDOM.nextBytes(e);
            b.write(0);
            b.write(32);
            b.write(e);
            s.getOutputStream().write(b.toByteArray());
          }
        }
        opened.incrementAndGet();
      } catch (IOException e) {
        failed.incrementAndGet();
      }
      held.addLast(s);
      if (held.size() > HELD) {
        closeQuietly(held.removeFirst());
      }
    }

    @Override
    public void close() {
      stop.set(true);
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      held.forEach(Attacker::closeQuietly);
    }

    static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  static byte[] multistreamNoise() {
    try {
      ByteArrayOutputStream hello = new ByteArrayOutputStream();
      LengthPrefixed.write(hello, "/multistream/1.0.0\n".getBytes());
      LengthPrefixed.write(hello, "/noise\n".getBytes());
      return hello.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static double percentile(List<Double> xs, double p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get((int) Math.min(s.size() - 1, Math.round(p * (s.size() - 1))));
  }

  static String row(String label, List<Trial> ts) {
    List<Double> c = ts.stream().map(Trial::connect).toList();
    List<Double> p = ts.stream().map(Trial::ping).toList();
    List<Double> i = ts.stream().map(Trial::identify).toList();
    List<Double> t = ts.stream().map(Trial::total).toList();
    return String.format(
        Locale.ROOT,
        "%-14s connect p50 %6.1f max %6.1f | ping p50 %5.1f max %6.1f | identify p50 %5.1f max"
            + " %6.1f | all three max %6.1f ms",
        label,
        percentile(c, 0.5),
        percentile(c, 1),
        percentile(p, 0.5),
        percentile(p, 1),
        percentile(i, 0.5),
        percentile(i, 1),
        percentile(t, 1));
  }

  /** Runs the baseline, then the attack with trials during it; returns the trials under attack. */
  List<Trial> attack(Host server, InetAddress source) throws Exception {
    for (int i = 0; i < 3; i++) {
      trial(server); // warm up (JIT, crypto providers)
    }
    List<Trial> quiet = trials(server, Duration.ofMillis(20));
    List<Trial> loud;
    int maxPending = 0;
    try (Attacker a = new Attacker(server, source, 400)) {
      Thread.sleep(1500); // the burst lands and the steady rate builds up
      loud = new ArrayList<>();
      for (int i = 0; i < TRIALS; i++) {
        maxPending = Math.max(maxPending, server.pendingHandshakes());
        loud.add(trial(server));
        Thread.sleep(100);
      }
      System.out.printf(
          Locale.ROOT,
          "attacker from %s: %d sockets opened (%d failed) at %d/s after a burst of 400, holding"
              + " up to %d; server pending handshakes seen up to %d (cap %d)%n",
          source.getHostAddress(),
          a.opened.get(),
          a.failed.get(),
          RATE,
          HELD,
          maxPending,
          server.limits().maxPendingHandshakes());
    }
    System.out.println(row("no attack", quiet));
    System.out.println(row("under attack", loud));
    System.out.println("server refusals: " + server.refusals().snapshot());
    assertThat(server.refusals().count(Refusal.HANDSHAKE_EVICTED)).isPositive();
    assertThat(maxPending).isLessThanOrEqualTo(server.limits().maxPendingHandshakes());
    for (Trial t : loud) {
      assertThat(Duration.ofNanos((long) (t.total() * 1e6))).isLessThan(BOUND);
    }
    return loud;
  }

  @Test
  void wellBehavedPeersOnTheAttackersOwnIpConnectPingAndIdentifyInBoundedTime() throws Exception {
    // loopback: every remote shares 127.0.0.1, so only eviction of the stalest and the
    // first-message deadline protect the well-behaved peers here
    Host server = server(HostLimits.DEFAULTS);
    attack(server, InetAddress.getLoopbackAddress());
  }

  @Test
  void anAttackerOnAnotherIpIsHeldToItsShareAndEvictsNobodyElse() throws Exception {
    // the per-IP limits on loopback too, the attacker on 127.0.0.2 and well-behaved peers on
    // 127.0.0.1: the attacker keeps at most its per-IP share of unfinished handshakes
    ResourceLimits r = ResourceLimits.DEFAULTS.toBuilder().limitLoopback(true).build();
    Host server = server(HostLimits.DEFAULTS.withResources(r));
    InetAddress attacker = InetAddress.getByName("127.0.0.2");
    attack(server, attacker);
    assertThat(server.pendingHandshakes()).isLessThanOrEqualTo(r.maxPendingHandshakesPerIp());
    // evictions hit the attacker's own handshakes; no well-behaved trial (127.0.0.1) lost its
    // handshake (a trial does not retry, so one evicted would also have failed its connect)
    assertThat(server.handshakesEvicted(attacker)).isPositive();
    assertThat(server.handshakesEvicted(InetAddress.getByName("127.0.0.1"))).isZero();
  }
}
