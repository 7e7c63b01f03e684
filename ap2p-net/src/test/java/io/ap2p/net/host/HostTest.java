package io.ap2p.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.noise.NoiseChannel;
import io.ap2p.net.noise.NoiseSecurity;
import io.ap2p.net.noise.PeerIdMismatchException;
import io.ap2p.net.protocol.Identify;
import io.ap2p.net.protocol.IdentifyRecord;
import io.ap2p.net.protocol.Ping;
import io.ap2p.net.transport.ChannelStreams;
import io.ap2p.net.transport.Multistream;
import io.ap2p.net.transport.NegotiationException;
import io.ap2p.net.yamux.YamuxSession;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final String ECHO = "/ap2p/echo/1.0.0";
  final List<Host> hosts = new ArrayList<>();

  Host host(HostLimits limits) throws Exception {
    Host h =
        Host.start(
            HostConfig.of(
                    PrivateKey.generate(RANDOM),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                    "ap2p/test")
                .withLimits(limits));
    h.handle(
        ECHO,
        s -> {
          s.in().transferTo(s.out());
          s.close();
        });
    hosts.add(h);
    return h;
  }

  Host host() throws Exception {
    return host(HostLimits.DEFAULTS);
  }

  static Multiaddr addr(Host h) {
    return h.listenAddrs().get(0).withPeerId(h.peerId());
  }

  @AfterEach
  void closeAll() {
    hosts.forEach(Host::close);
  }

  @Test
  void pingIdentifyAndACustomProtocolBetweenTwoHosts() throws Exception {
    Host a = host();
    Host b = host();
    Connection c = a.connect(addr(b));
    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThat(a.connect(addr(b))).isSameAs(c); // reused

    try (Stream s = c.newStream(Ping.PROTOCOL_ID)) {
      for (int i = 0; i < 3; i++) {
        assertThat(Ping.once(s, RANDOM, Duration.ofSeconds(5))).isPositive();
      }
    }

    IdentifyRecord r = Identify.request(a, c);
    assertThat(r.publicKey().peerId()).isEqualTo(b.peerId());
    assertThat(r.agentVersion()).isEqualTo("ap2p/test");
    assertThat(r.protocols()).contains(Identify.PROTOCOL_ID, Ping.PROTOCOL_ID, ECHO);
    assertThat(r.listenAddrs()).containsExactlyElementsOf(b.listenAddrs());
    assertThat(r.observedAddr()).contains(c.localAddr());
    assertThat(a.peerStore().get(b.peerId())).isPresent();
    // b identified a on its own when the connection opened
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (b.peerStore().get(a.peerId()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(b.peerStore().get(a.peerId()).orElseThrow().agentVersion()).isEqualTo("ap2p/test");

    byte[] data = new byte[1 << 20];
    RANDOM.nextBytes(data);
    try (Stream s = c.newStream(ECHO)) {
      CompletableFuture<Void> w =
          CompletableFuture.runAsync(
              () -> {
                try {
                  s.out().write(data);
                  s.closeWrite();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      assertThat(s.in().readAllBytes()).isEqualTo(data);
      w.get(5, TimeUnit.SECONDS);
    }

    assertThatThrownBy(() -> c.newStream("/not/served/1.0.0"))
        .isInstanceOf(NegotiationException.class);
  }

  @Test
  void dialingAnAddressWithTheWrongPeerIdFails() throws Exception {
    Host a = host();
    Host b = host();
    Multiaddr wrong =
        b.listenAddrs().get(0).withPeerId(PrivateKey.generate(RANDOM).publicKey().peerId());
    assertThatThrownBy(() -> a.connect(wrong)).isInstanceOf(PeerIdMismatchException.class);
    assertThat(a.connections()).isEmpty();
  }

  @Test
  void dnsAddressesResolveByFamily() throws Exception {
    Host a = host();
    Host b = host();
    int port = b.listenAddrs().get(0).tcpEndpoint().getPort();
    Connection c = a.connect(Multiaddr.parse("/dns4/localhost/tcp/" + port + "/p2p/" + b.peerId()));
    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThatThrownBy(() -> a.connect(Multiaddr.parse("/dns4/no-such-host.invalid/tcp/" + port)))
        .isInstanceOf(java.net.UnknownHostException.class);
  }

  @Test
  void aRefusedDialBacksOff() throws Exception {
    Host a = host();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Multiaddr dead = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
    assertThatThrownBy(() -> a.connect(dead)).hasMessageContaining("refused");
    assertThatThrownBy(() -> a.connect(dead)).hasMessageContaining("backing off");
  }

  @Test
  void fiftyConcurrentConnectionsArePinged() throws Exception {
    Host server = host();
    List<CompletableFuture<Duration>> pings = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Host client = host();
      pings.add(
          CompletableFuture.supplyAsync(
              () -> {
                try (Stream s = client.newStream(addr(server), Ping.PROTOCOL_ID)) {
                  return Ping.once(s, RANDOM, Duration.ofSeconds(10));
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    for (CompletableFuture<Duration> p : pings) {
      assertThat(p.get(30, TimeUnit.SECONDS)).isPositive();
    }
    assertThat(server.connections()).hasSize(50);
  }

  // ---- hostile peers; each time a well-behaved peer must keep working

  /** A well-behaved peer, connected before the attack and pinging on one stream throughout. */
  final class Bystander {
    final Connection connection;
    final Stream stream;

    Bystander(Host server) throws Exception {
      connection = host().connect(addr(server));
      stream = connection.newStream(Ping.PROTOCOL_ID);
      ping();
    }

    void ping() throws IOException {
      assertThat(Ping.once(stream, RANDOM, Duration.ofSeconds(5))).isPositive();
    }
  }

  void wellBehavedStillWorks(Host server) throws Exception {
    bystander.ping(); // the connection that was open during the attack
    assertThat(bystander.connection.isClosed()).isFalse();
    Host late = host(); // and a newcomer
    try (Stream s = late.newStream(addr(server), Ping.PROTOCOL_ID)) {
      assertThat(Ping.once(s, RANDOM, Duration.ofSeconds(5))).isPositive();
    }
  }

  Bystander bystander;

  static Socket raw(Host h) throws Exception {
    Socket s =
        new Socket(
            InetAddress.getLoopbackAddress(), h.listenAddrs().get(0).tcpEndpoint().getPort());
    s.setSoTimeout(5000);
    return s;
  }

  /** Reads until the server hangs up; fails if it does not within the socket timeout. */
  static void assertHangsUp(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // drain whatever the server said before closing
      }
    } catch (java.net.SocketException reset) {
      // a reset is a hang-up too
    }
  }

  @Test
  void garbageInsteadOfMultistreamIsDisconnected() throws Exception {
    Host server = host();
    bystander = new Bystander(server);
    try (Socket s = raw(server)) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      assertHangsUp(s);
    }
    wellBehavedStillWorks(server);
  }

  @Test
  void aStalledHandshakeIsDisconnectedAfterTheTimeout() throws Exception {
    Host server = host(HostLimits.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(300)));
    bystander = new Bystander(server);
    try (Socket s = raw(server)) {
      long t0 = System.nanoTime();
      // speak multistream, then stall inside Noise
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream hello = new ByteArrayOutputStream();
      io.ap2p.net.transport.LengthPrefixed.write(hello, "/multistream/1.0.0\n".getBytes());
      io.ap2p.net.transport.LengthPrefixed.write(hello, "/noise\n".getBytes());
      out.write(hello.toByteArray());
      assertHangsUp(s);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }
    wellBehavedStillWorks(server);
  }

  /** A peer that upgrades correctly and then writes raw yamux frames. */
  static NoiseChannel upgradedRaw(Socket s) throws IOException {
    InputStream in = new BufferedInputStream(s.getInputStream());
    OutputStream out = new BufferedOutputStream(s.getOutputStream());
    Multistream.select(in, out, List.of(NoiseSecurity.PROTOCOL_ID));
    NoiseChannel ch =
        new NoiseSecurity(PrivateKey.generate(RANDOM), RANDOM, List.of())
            .initiate(in, out, Optional.empty());
    Multistream.select(
        ChannelStreams.in(ch), ChannelStreams.out(ch), List.of(YamuxSession.PROTOCOL_ID));
    return ch;
  }

  static byte[] yamux(int type, int flags, int id, int length) {
    return new byte[] {
      0,
      (byte) type,
      0,
      (byte) flags,
      (byte) (id >>> 24),
      (byte) (id >>> 16),
      (byte) (id >>> 8),
      (byte) id,
      (byte) (length >>> 24),
      (byte) (length >>> 16),
      (byte) (length >>> 8),
      (byte) length
    };
  }

  @Test
  void aFloodOfStreamOpeningsIsDisconnected() throws Exception {
    Host server = host();
    bystander = new Bystander(server);
    try (Socket s = raw(server)) {
      NoiseChannel ch = upgradedRaw(s);
      ByteArrayOutputStream flood = new ByteArrayOutputStream();
      for (int id = 1; id < 2 * 2000; id += 2) {
        flood.write(yamux(1, 1, id, 0)); // window update + SYN
      }
      sendUntilClosed(ch, flood.toByteArray());
    }
    wellBehavedStillWorks(server);
  }

  @Test
  void aWindowViolationIsDisconnected() throws Exception {
    Host server = host();
    bystander = new Bystander(server);
    try (Socket s = raw(server)) {
      NoiseChannel ch = upgradedRaw(s);
      ByteArrayOutputStream bad = new ByteArrayOutputStream();
      bad.write(yamux(1, 1, 1, 0));
      bad.write(yamux(0, 0, 1, 300 * 1024)); // beyond the 256 KiB window
      bad.write(new byte[300 * 1024]);
      sendUntilClosed(ch, bad.toByteArray());
    }
    wellBehavedStillWorks(server);
  }

  /** Writes {@code b} in the background and reads until the server hangs up. */
  static void sendUntilClosed(NoiseChannel ch, byte[] b) throws IOException {
    CompletableFuture.runAsync(
        () -> {
          try {
            ch.write(b, 0, b.length);
            ch.flush();
          } catch (IOException ignored) {
            // hung up on
          }
        });
    drainUntilClosed(ch);
  }

  static void drainUntilClosed(NoiseChannel ch) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (ch.read(buf, 0, buf.length) >= 0) {
        // acks, resets and finally go-away
      }
    } catch (java.net.SocketException reset) {
      // hung up on
    }
  }

  @Test
  void connectionsBeyondTheLimitAreRefusedAndOthersKeepWorking() throws Exception {
    Host server = host(HostLimits.DEFAULTS.withMaxConnections(2));
    Host c1 = host();
    Host c2 = host();
    c1.connect(addr(server));
    c2.connect(addr(server));
    Host c3 = host();
    assertThatThrownBy(() -> c3.connect(addr(server))).isInstanceOf(IOException.class);
    try (Stream s = c1.newStream(addr(server), Ping.PROTOCOL_ID)) {
      assertThat(Ping.once(s, RANDOM, Duration.ofSeconds(5))).isPositive();
    }
  }

  @Test
  void randomBytesNeverCrashTheHost() throws Exception {
    Host server = host();
    bystander = new Bystander(server);
    Random r = new Random(7);
    for (int i = 0; i < 30; i++) {
      try (Socket s = raw(server)) {
        byte[] junk = new byte[1 + r.nextInt(300)];
        r.nextBytes(junk);
        if (i % 3 == 0) { // sometimes behind a valid multistream header
          junk[0] = 19;
          System.arraycopy(
              "/multistream/1.0.0\n".getBytes(), 0, junk, 1, Math.min(19, junk.length - 1));
        }
        s.getOutputStream().write(junk);
        s.shutdownOutput();
        assertHangsUp(s);
      }
    }
    wellBehavedStillWorks(server);
  }
}
