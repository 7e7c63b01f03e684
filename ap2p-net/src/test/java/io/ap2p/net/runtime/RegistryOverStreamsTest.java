package io.ap2p.net.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real ap2p-core registry state machine, driven over real streams by the runtime. */
class RegistryOverStreamsTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final WireCodec<RegistryMessage> CODEC =
      WireCodec.of(RegistryCodec::encode, RegistryCodec::decode, RegistryCodec.MAX_MESSAGE);
  static final RequestResponse<RegistryMessage, RegistryMessage> PROTOCOL =
      new RequestResponse<>(RegistryCodec.PROTOCOL, CODEC, CODEC, Duration.ofSeconds(5));

  final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z").toEpochMilli());
  Host registryHost;
  Host providerHost;
  Driver<RegistryServer> driver;

  @AfterEach
  void close() {
    driver.close();
    registryHost.close();
    providerHost.close();
  }

  void start() throws Exception {
    RegistryServer server =
        new RegistryServer(
            clock,
            new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS),
            RegistryLimits.DEFAULTS,
            new Matcher(RankingWeights.DEFAULT));
    driver = new Driver<>(server, clock);
    List<Multiaddr> listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    registryHost = Host.start(HostConfig.of(PrivateKey.generate(RANDOM), listen, "ap2p/test"));
    PROTOCOL.serve(
        registryHost, (peer, req) -> Optional.of(driver.apply(s -> s.handle(peer, req))));
    providerHost = Host.start(HostConfig.of(PrivateKey.generate(RANDOM), listen, "ap2p/test"));
  }

  SignedDescriptor descriptor(PrivateKey key) throws Exception {
    return DescriptorSigning.sign(
        DescriptorSigning.fromTemplate(
            Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate()),
            key,
            clock.instant()),
        key);
  }

  int tableSize() {
    Integer n = driver.apply(s -> s.table().size());
    return n;
  }

  Multiaddr registry() {
    return registryHost.listenAddrs().get(0).withPeerId(registryHost.peerId());
  }

  @Test
  void aProviderRegistersOverAStreamAndTheRegistryAnswersQueries() throws Exception {
    start();
    // the provider host's key signs; the registry sees the same peer authenticated by Noise
    PrivateKey providerKey = PrivateKey.generate(RANDOM);
    providerHost.close();
    providerHost =
        Host.start(
            HostConfig.of(
                providerKey, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "ap2p/test"));
    SignedDescriptor sd = descriptor(providerKey);
    RegistryMessage.Ack ack =
        (RegistryMessage.Ack)
            PROTOCOL
                .call(providerHost, registry(), new RegistryMessage.Register(sd.toJsonBytes()))
                .orElseThrow();
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);

    RegistryMessage.Found found =
        (RegistryMessage.Found)
            PROTOCOL
                .call(
                    providerHost,
                    registry(),
                    new RegistryMessage.Find(Query.forTag(new CapabilityTag("image.generate"), 10)))
                .orElseThrow();
    assertThat(found.descriptors()).containsExactly(sd.toJsonBytes());

    // soft state: after the TTL, a timer driven by the runtime expires the entry
    clock.advance(sd.descriptor().ttlSeconds() * 1000L + 1);
    driver.after(Duration.ZERO, RegistryServer::expireDue);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (tableSize() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(tableSize()).isZero();
  }

  @Test
  void aDescriptorOfAnotherPeerIsRefusedWithItsReason() throws Exception {
    start();
    SignedDescriptor someoneElses = descriptor(PrivateKey.generate(RANDOM));
    RegistryMessage.Ack ack =
        (RegistryMessage.Ack)
            PROTOCOL
                .call(
                    providerHost,
                    registry(),
                    new RegistryMessage.Register(someoneElses.toJsonBytes()))
                .orElseThrow();
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(ack.reason()).isNotBlank();
  }

  @Test
  void malformedAndOversizedRequestsResetTheStreamButNotTheConnection() throws Exception {
    start();
    Connection c = providerHost.connect(registry());
    try (Stream s = c.newStream(RegistryCodec.PROTOCOL)) {
      LengthPrefixed.write(s.out(), new byte[] {(byte) 0xff, 1, 2, 3});
      s.closeWrite();
      s.setReadTimeout(Duration.ofSeconds(5));
      assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    }
    try (Stream s = c.newStream(RegistryCodec.PROTOCOL)) {
      // a length prefix over the codec's 1 MiB limit
      s.out().write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
      s.setReadTimeout(Duration.ofSeconds(5));
      assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    }
    assertThat(c.isClosed()).isFalse();
    RegistryMessage found =
        PROTOCOL
            .call(c, new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 5)))
            .orElseThrow();
    assertThat(found).isInstanceOf(RegistryMessage.Found.class);
  }

  @Test
  void oneConnectionCannotHoldMoreThanItsShareOfHandlers() throws Exception {
    start();
    Connection c = providerHost.connect(registry());
    List<Stream> stalled = new java.util.ArrayList<>();
    for (int i = 0; i < RequestResponse.DEFAULT_IN_FLIGHT + 4; i++) {
      Stream s = c.newStream(RegistryCodec.PROTOCOL); // negotiated, then silent
      s.setReadTimeout(Duration.ofMillis(300));
      stalled.add(s);
    }
    int reset = 0;
    for (Stream s : stalled) {
      try {
        s.in().read();
      } catch (java.io.IOException e) {
        if (e.getMessage().contains("reset")) {
          reset++;
        }
      }
    }
    assertThat(reset).isGreaterThanOrEqualTo(4); // the streams beyond the share
    stalled.forEach(Stream::reset);
    // the connection and the registry still serve
    Thread.sleep(100);
    assertThat(
            PROTOCOL.call(c, new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 5))))
        .isPresent();
  }
}
