package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.kademlia.KadCodec;
import io.ap2p.core.discovery.kademlia.KadLimits;
import io.ap2p.core.discovery.kademlia.KadMessage;
import io.ap2p.core.discovery.kademlia.KadPeer;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.node.discovery.DhtService;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile kad-dht traffic against a real node: streams reset, nothing stored, node still serves.
 */
class DhtHostileTest {

  static final SecureRandom RANDOM = new SecureRandom();
  Node node;
  Node helper;
  Host attacker;

  @AfterEach
  void stop() {
    attacker.close();
    helper.close();
    node.close();
  }

  Node dhtNode(List<Multiaddr> bootstrap) throws Exception {
    return Node.start(
        new NodeOptions(
            PrivateKey.generate(RANDOM),
            List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
            bootstrap,
            false,
            Optional.empty(),
            List.of(),
            "ap2p/test",
            Optional.empty(),
            NodeOptions.Discovery.DHT,
            DhtService.DEFAULT_PROTOCOL),
        SystemClock.INSTANCE,
        s -> {});
  }

  @Test
  void garbageOversizedAndForeignProviderRecordsAreRefused() throws Exception {
    node = dhtNode(List.of());
    Multiaddr addr = node.host().listenAddrs().get(0).withPeerId(node.host().peerId());
    helper = dhtNode(List.of(addr));
    attacker = Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "attacker"));
    Connection c = attacker.connect(addr);

    // garbage where a kad message belongs: the stream is reset
    try (Stream s = c.newStream(DhtService.DEFAULT_PROTOCOL)) {
      LengthPrefixed.write(s.out(), new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});
      s.setReadTimeout(Duration.ofSeconds(5));
      assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    }
    // a length over the 64 KiB message limit: reset before anything is read
    try (Stream s = c.newStream(DhtService.DEFAULT_PROTOCOL)) {
      ByteArrayOutputStream varint = new ByteArrayOutputStream();
      varint.write(new byte[] {(byte) 0x80, (byte) 0x80, 0x10}); // 262,144
      s.out().write(varint.toByteArray());
      s.setReadTimeout(Duration.ofSeconds(5));
      assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    }
    // ADD_PROVIDER on behalf of another peer: not stored
    KadCodec codec = new KadCodec(KadLimits.DEFAULTS);
    var key = CapabilityKeys.of(new CapabilityTag("image.generate"));
    KadMessage forged =
        new KadMessage(
            KadMessage.Type.ADD_PROVIDER,
            key,
            Optional.empty(),
            List.of(),
            List.of(new KadPeer(helper.host().peerId(), List.of(), KadPeer.Connection.CONNECTED)));
    try (Stream s = c.newStream(DhtService.DEFAULT_PROTOCOL)) {
      LengthPrefixed.write(s.out(), codec.encode(forged).toByteArray());
      s.closeWrite();
    }
    Thread.sleep(200);
    assertThat(node.dht().orElseThrow().providerRecords()).isZero();
    assertThat(c.isClosed()).isFalse();

    // and the node still serves well-behaved peers
    DhtClient.Result announced = helper.dht().orElseThrow().announce(key).get(10, TimeUnit.SECONDS);
    assertThat(announced.providers()).contains(node.host().peerId());
    // ADD_PROVIDER has no answer: "told" means sent, so wait for it to land
    RegistryModeTest.await(
        "the honest record stored",
        Duration.ofSeconds(5),
        () -> node.dht().orElseThrow().providerRecords() == 1);
  }
}
