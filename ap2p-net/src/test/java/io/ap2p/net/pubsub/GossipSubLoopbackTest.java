package io.ap2p.net.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GossipSub over real loopback TCP: a chain of hosts forms meshes and carries a message end to end;
 * a peer sending a malformed or oversized RPC has its stream reset while the rest carry on.
 */
class GossipSubLoopbackTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final String TOPIC = "/ap2p/loopback";
  static final GossipParams FAST = GossipParams.DEFAULTS.withHeartbeat(Duration.ofMillis(200));

  final List<AutoCloseable> open = new ArrayList<>();

  record Node(Host host, GossipSub sub, BlockingQueue<PubsubMessage> got) {
    Multiaddr addr() {
      return host.listenAddrs().get(0).withPeerId(host.peerId());
    }
  }

  Node node() throws Exception {
    PrivateKey key = PrivateKey.generate(RANDOM);
    Host h = Host.start(HostConfig.of(key, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "t"));
    GossipSub g = GossipSub.start(h, key, FAST, SystemClock.INSTANCE, new SplittableRandom());
    open.add(h);
    open.add(g);
    BlockingQueue<PubsubMessage> got = new LinkedBlockingQueue<>();
    g.subscribe(
        TOPIC,
        (src, m) -> {
          got.add(m);
          return Validation.ACCEPT;
        });
    return new Node(h, g, got);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aMessageCrossesAChainOfFour() throws Exception {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(node());
    }
    for (int i = 1; i < 4; i++) {
      nodes.get(i).sub().connect(nodes.get(i - 1).addr());
    }
    for (int i = 1; i < 4; i++) {
      Node n = nodes.get(i);
      Node prev = nodes.get(i - 1);
      await(() -> n.sub().mesh(TOPIC).contains(prev.host().peerId()));
      await(() -> prev.sub().mesh(TOPIC).contains(n.host().peerId()));
    }
    Bytes id = nodes.get(0).sub().publish(TOPIC, Bytes.wrap("hello".getBytes()));
    for (int i = 1; i < 4; i++) {
      PubsubMessage m = nodes.get(i).got().poll(10, TimeUnit.SECONDS);
      assertThat(m).as("node " + i).isNotNull();
      assertThat(m.id()).isEqualTo(id);
      assertThat(m.data().toUtf8()).isEqualTo("hello");
    }
    Thread.sleep(500); // let duplicates, if any, arrive: each node must deliver once
    for (int i = 1; i < 4; i++) {
      assertThat(nodes.get(i).got()).isEmpty();
    }
    assertThat(nodes.get(0).sub().bytesSent()).isPositive();
  }

  @Test
  void aHostilePeerIsResetAndTheOthersCarryOn() throws Exception {
    Node a = node();
    Node b = node();
    b.sub().connect(a.addr());
    await(() -> a.sub().mesh(TOPIC).contains(b.host().peerId()));
    Host rogue =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(RANDOM),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                "rogue"));
    open.add(rogue);
    Stream s = rogue.newStream(a.addr(), GossipSub.PROTOCOL_ID);
    LengthPrefixed.write(s.out(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}); // not protobuf
    await(() -> a.sub().refused() == 1);
    Stream big = rogue.newStream(a.addr(), GossipSub.PROTOCOL_ID);
    byte[] prefix = io.ap2p.core.wire.Varint.encode(RpcLimits.DEFAULTS.maxRpcBytes() + 1);
    big.out().write(prefix); // a length over the limit: reset before a byte more is read
    big.setReadTimeout(Duration.ofSeconds(10));
    try {
      assertThat(big.in().read()).isEqualTo(-1);
    } catch (java.io.IOException reset) {
      // reset: what is expected
    }
    await(() -> a.sub().refused() == 2);
    b.sub().publish(TOPIC, Bytes.wrap("still here".getBytes()));
    PubsubMessage m = a.got().poll(10, TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(m.data().toUtf8()).isEqualTo("still here");
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 15 s");
      }
      Thread.sleep(20);
    }
  }
}
