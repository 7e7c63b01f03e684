package io.ap2p.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Ping;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.resource.ResourceLimits;
import io.ap2p.net.yamux.YamuxStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each admission and resource limit holds on real loopback TCP, is counted under its reason, and a
 * well-behaved peer on another connection keeps working.
 */
class ResourceLimitsTest {

  static final SecureRandom RANDOM = new SecureRandom();

  /** A protocol whose handler reads until the remote half-closes (holds a handler and a stream). */
  static final String HOLD = "/ap2p/hold/1.0.0";

  /** A protocol whose handler never reads (so what the remote sends stays buffered). */
  static final String STALL = "/ap2p/stall/1.0.0";

  /** A protocol whose handler answers by half-closing at once, never reading. */
  static final String SHUT = "/ap2p/shut/1.0.0";

  final List<Host> hosts = new ArrayList<>();
  final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() {
    release.countDown();
    hosts.forEach(Host::close);
  }

  Host server(UnaryOperator<ResourceLimits.Builder> r, HostLimits base) throws Exception {
    Host h =
        Host.start(
            HostConfig.of(
                    PrivateKey.generate(RANDOM),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                    "ap2p/test")
                .withLimits(
                    base.withResources(r.apply(ResourceLimits.DEFAULTS.toBuilder()).build())));
    h.handle(
        HOLD,
        s -> {
          s.in().transferTo(OutputStream.nullOutputStream());
          s.close();
        });
    h.handle(
        STALL,
        s -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    h.handle(SHUT, Stream::close);
    hosts.add(h);
    return h;
  }

  Host server(UnaryOperator<ResourceLimits.Builder> r) throws Exception {
    return server(r, HostLimits.DEFAULTS);
  }

  Host client() throws Exception {
    return client(PrivateKey.generate(RANDOM));
  }

  Host client(PrivateKey key) throws Exception {
    Host h = Host.start(HostConfig.of(key, List.of(), "ap2p/test-client"));
    hosts.add(h);
    return h;
  }

  /** Waits (at most 5 s) until {@code condition} holds. */
  static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  /** Connects and waits until the client's identify stream to the server is done. */
  static Connection connected(Host client, Host server) throws Exception {
    Connection c = client.connect(addr(server));
    eventually(() -> client.peerStore().get(server.peerId()).isPresent());
    return c;
  }

  static Multiaddr addr(Host h) {
    return h.listenAddrs().get(0).withPeerId(h.peerId());
  }

  static void pings(Host client, Host server) throws IOException {
    try (Stream s = client.connect(addr(server)).newStream(Ping.PROTOCOL_ID)) {
      assertThat(Ping.once(s, RANDOM, Duration.ofSeconds(5))).isPositive();
    }
  }

  static Socket raw(Host h, String source) throws Exception {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    s.connect(h.listenAddrs().get(0).tcpEndpoint());
    return s;
  }

  /** True if the server hangs up within {@code within}; false if the socket is still open. */
  static boolean hangsUp(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    try {
      while (in.read() >= 0) {
        // whatever the server said before closing
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  // ---- handshakes

  @Test
  void aSilentSocketIsClosedAtTheFirstMessageDeadlineAndAStalledOneAtTheHandshakeDeadline()
      throws Exception {
    Host server =
        server(
            r -> r.firstMessageTimeout(Duration.ofMillis(300)),
            HostLimits.DEFAULTS.withHandshakeTimeout(Duration.ofMillis(1500)));
    try (Socket silent = raw(server, "127.0.0.1");
        Socket stalled = raw(server, "127.0.0.1")) {
      stalled.getOutputStream().write(HandshakeFloodTest.multistreamNoise());
      assertThat(hangsUp(silent, Duration.ofMillis(1200))).isTrue();
      assertThat(hangsUp(stalled, Duration.ofMillis(200))).isFalse(); // past 300 ms, still open
      assertThat(hangsUp(stalled, Duration.ofMillis(3000))).isTrue();
    }
    eventually(() -> server.refusals().count(Refusal.HANDSHAKE_FIRST_MESSAGE_TIMEOUT) == 1);
    eventually(() -> server.refusals().count(Refusal.HANDSHAKE_TIMEOUT) == 1);
    pings(client(), server);
  }

  @Test
  void whenThePendingSetIsFullTheStalestHandshakeMakesRoom() throws Exception {
    Host server = server(r -> r, HostLimits.DEFAULTS.withMaxPendingHandshakes(4));
    List<Socket> silent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      silent.add(raw(server, "127.0.0.1"));
    }
    while (server.pendingHandshakes() < 4) {
      Thread.sleep(5);
    }
    pings(client(), server); // evicts the oldest silent one
    assertThat(hangsUp(silent.get(0), Duration.ofSeconds(2))).isTrue();
    assertThat(hangsUp(silent.get(3), Duration.ofMillis(100))).isFalse();
    assertThat(server.refusals().count(Refusal.HANDSHAKE_EVICTED)).isEqualTo(1);
    for (Socket s : silent) {
      s.close();
    }
  }

  @Test
  void oneIpHoldsAtMostItsShareOfPendingHandshakes() throws Exception {
    Host server = server(r -> r.limitLoopback(true).maxPendingHandshakesPerIp(2));
    List<Socket> sockets = new ArrayList<>();
    try {
      Socket a = raw(server, "127.0.0.2");
      sockets.add(a);
      sockets.add(raw(server, "127.0.0.2"));
      Socket other = raw(server, "127.0.0.3");
      sockets.add(other);
      while (server.pendingHandshakes() < 3) {
        Thread.sleep(5);
      }
      sockets.add(raw(server, "127.0.0.2"));
      assertThat(hangsUp(a, Duration.ofSeconds(2))).isTrue(); // its own stalest
      assertThat(hangsUp(other, Duration.ofMillis(100))).isFalse(); // not another IP's
      assertThat(server.pendingHandshakes()).isEqualTo(3);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    assertThat(server.refusals().count(Refusal.HANDSHAKE_EVICTED)).isEqualTo(1);
  }

  // ---- connections

  @Test
  void inboundConnectionsPerIpAreCapped() throws Exception {
    Host server = server(r -> r.limitLoopback(true).maxInboundConnectionsPerIp(2));
    Host c1 = client();
    pings(c1, server);
    pings(client(), server);
    Host c3 = client();
    assertThatThrownBy(() -> pings(c3, server)).isInstanceOf(IOException.class);
    assertThat(server.refusals().count(Refusal.CONNECTIONS_PER_IP)).isPositive();
    pings(c1, server);
  }

  @Test
  void connectionsPerPeerAreCapped() throws Exception {
    Host server = server(r -> r.maxConnectionsPerPeer(1));
    PrivateKey key = PrivateKey.generate(RANDOM);
    Host first = client(key);
    pings(first, server);
    Host twin = client(key); // same peer id, second connection
    assertThatThrownBy(() -> pings(twin, server)).isInstanceOf(IOException.class);
    assertThat(server.refusals().count(Refusal.CONNECTIONS_PER_PEER)).isEqualTo(1);
    pings(first, server);
  }

  // ---- streams and handlers

  static Stream hold(Host client, Host server) throws IOException {
    return client.connect(addr(server)).newStream(HOLD);
  }

  @Test
  void inboundStreamsPerPeerAreCappedAndAnotherPeerIsUnaffected() throws Exception {
    Host server = server(r -> r.maxInboundStreamsPerPeer(3));
    Host a = client();
    connected(a, server);
    eventually(() -> server.resources().inboundStreams() == 0);
    List<Stream> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(hold(a, server));
    }
    assertThatThrownBy(() -> hold(a, server)).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.STREAMS_PER_PEER)).isEqualTo(1);
    Host b = client();
    connected(b, server);
    eventually(() -> server.resources().inboundStreams() == 3);
    for (int i = 0; i < 3; i++) {
      held.add(hold(b, server));
    }
    held.get(0).close(); // a's first ends: a may open one again
    eventually(() -> server.resources().inboundStreams() == 5);
    hold(a, server).close();
  }

  @Test
  void inboundStreamsOnTheWholeHostAreCapped() throws Exception {
    Host server = server(r -> r.maxInboundStreams(2));
    Host a = client();
    connected(a, server);
    eventually(() -> server.resources().inboundStreams() == 0);
    Stream s1 = hold(a, server);
    hold(a, server);
    Host b = client();
    assertThatThrownBy(() -> hold(b, server)).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.STREAMS_SYSTEM)).isPositive();
    s1.close();
    eventually(() -> server.resources().inboundStreams() == 1);
    pings(b, server);
  }

  @Test
  void streamsStillNegotiatingArePerConnectionCapped() throws Exception {
    Host server = server(r -> r.maxNegotiatingStreamsPerConnection(2));
    Connection c = connected(client(), server);
    eventually(() -> server.resources().inboundStreams() == 0);
    List<YamuxStream> mute = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mute.add(c.session().openStream()); // never says which protocol
    }
    mute.get(2).setReadTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(() -> mute.get(2).inputStream().read()).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.STREAMS_NEGOTIATING)).isEqualTo(1);
    pings(client(), server);
  }

  @Test
  void handlersPerProtocolAreCappedAndOtherProtocolsServed() throws Exception {
    Host server = server(r -> r.handlersByProtocol(java.util.Map.of(HOLD, 2)));
    Host a = client();
    connected(a, server);
    hold(a, server);
    hold(a, server);
    Stream third = hold(a, server); // negotiated, then reset before its handler runs
    third.setReadTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(() -> third.in().read()).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.HANDLERS_PER_PROTOCOL)).isEqualTo(1);
    pings(a, server);
  }

  @Test
  void handlersPerPeerAreCappedAndAnotherPeerIsServed() throws Exception {
    Host server = server(r -> r.maxHandlersPerPeer(2));
    Host a = client();
    connected(a, server);
    hold(a, server);
    hold(a, server);
    Stream third = hold(a, server);
    third.setReadTimeout(Duration.ofSeconds(5));
    assertThatThrownBy(() -> third.in().read()).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.HANDLERS_PER_PEER)).isEqualTo(1);
    Host b = client();
    hold(b, server);
    hold(b, server);
    pings(b, server);
  }

  // ---- buffered bytes

  /** Writes {@code n} bytes into a stream whose handler never reads; returns the stream. */
  static Stream flood(Host client, Host server, int n) throws IOException {
    Stream s = client.connect(addr(server)).newStream(STALL);
    try {
      s.out().write(new byte[n]);
    } catch (IOException resetWhileWriting) {
      // the reset may arrive before the last frame is written
    }
    s.setReadTimeout(Duration.ofSeconds(5));
    return s;
  }

  @Test
  void bytesBufferedPerConnectionAreCapped() throws Exception {
    Host server = server(r -> r.maxBufferedBytesPerConnection(64 * 1024));
    Host a = client();
    connected(a, server); // identify done: only the flood's bytes count
    Stream s = flood(a, server, 100 * 1024);
    assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.BUFFERED_BYTES_CONNECTION)).isEqualTo(1);
    assertThat(server.resources().bufferedBytes()).isLessThanOrEqualTo(64 * 1024);
    pings(a, server); // the connection lives on
    pings(client(), server);
  }

  @Test
  void bytesBufferedOnTheWholeHostAreCapped() throws Exception {
    Host server = server(r -> r.maxBufferedBytes(200 * 1024));
    Stream held = flood(client(), server, 150 * 1024); // fits
    Host b = client();
    Stream s = flood(b, server, 100 * 1024); // does not, on another connection
    assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    assertThat(server.refusals().count(Refusal.BUFFERED_BYTES_SYSTEM)).isEqualTo(1);
    held.reset();
    pings(b, server);
  }

  @Test
  void unreadBytesAreGivenBackWhenTheRemoteEndsOrResetsTheStream() throws Exception {
    Host server = server(r -> r);
    Host a = client();
    Connection c = connected(a, server); // identify done: only these bytes count
    for (boolean reset : new boolean[] {false, true}) {
      Stream s = c.newStream(SHUT);
      s.out().write(new byte[100 * 1024]);
      eventually(() -> server.resources().bufferedBytes() >= 100 * 1024);
      if (reset) {
        s.reset();
      } else {
        s.closeWrite();
      }
      eventually(() -> server.resources().bufferedBytes() == 0);
    }
    assertThat(c.isClosed()).isFalse();
    pings(a, server);
  }

  /** Calls {@code establish} from {@code n} threads at once; the admissions granted. */
  static List<Integer> establishAtOnce(
      Acceptor acc, int n, IntFunction<io.ap2p.core.identity.PeerId> peer, InetAddress ip)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Integer> admitted = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (acc.establish(peer.apply(k), ip) == null) {
                      admitted.add(k);
                    }
                  }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    return admitted;
  }

  @Test
  void concurrentHandshakesCannotTogetherPassThePerPeerOrPerIpCap() throws Exception {
    Host server = server(r -> r.maxConnectionsPerPeer(2).maxInboundConnectionsPerIp(3));
    Acceptor acc = server.acceptor();
    io.ap2p.core.identity.PeerId one =
        io.ap2p.core.identity.PeerId.of(PrivateKey.generate(RANDOM).publicKey());
    InetAddress ip = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
    assertThat(establishAtOnce(acc, 32, k -> one, ip)).hasSize(2);
    assertThat(server.refusals().count(Refusal.CONNECTIONS_PER_PEER)).isEqualTo(30);

    List<io.ap2p.core.identity.PeerId> many = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      many.add(io.ap2p.core.identity.PeerId.of(PrivateKey.generate(RANDOM).publicKey()));
    }
    InetAddress other = InetAddress.getByAddress(new byte[] {10, 9, 9, 9});
    List<Integer> admitted = establishAtOnce(acc, 32, many::get, other);
    assertThat(admitted).hasSize(3);
    assertThat(server.refusals().count(Refusal.CONNECTIONS_PER_IP)).isEqualTo(29);

    // closing gives the counts back
    acc.closed(one, ip);
    acc.closed(many.get(admitted.get(0)), other);
    assertThat(acc.establish(one, ip)).isNull();
    assertThat(acc.establish(many.get(admitted.get(0)), other)).isNull();
  }
}
