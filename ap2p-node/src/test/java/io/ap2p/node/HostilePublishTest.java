package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.RegistryProtocol;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile publishes to a real registry over real connections: each refused with its reason. */
class HostilePublishTest {

  static final SecureRandom RANDOM = new SecureRandom();
  Node registry;
  Host client;
  PrivateKey key;
  Connection c;

  @BeforeEach
  void start() throws Exception {
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    registry =
        Node.start(
            new NodeOptions(
                PrivateKey.generate(RANDOM),
                List.of(any),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                "ap2p/test",
                Optional.empty()),
            SystemClock.INSTANCE,
            s -> {});
    key = PrivateKey.generate(RANDOM);
    client = Host.start(HostConfig.of(key, List.of(), "ap2p/test"));
    c = client.connect(registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId()));
  }

  @AfterEach
  void stop() {
    client.close();
    registry.close();
  }

  SignedDescriptor signed(Instant issued, String id, String description) throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", id);
    ((ObjectNode) t.get("intent")).put("description", description);
    return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, key, issued), key);
  }

  RegistryMessage.Ack register(Bytes bytes) throws Exception {
    return (RegistryMessage.Ack)
        RegistryProtocol.PROTOCOL.call(c, new RegistryMessage.Register(bytes)).orElseThrow();
  }

  @Test
  void expiredFutureOversizedAndReplayedAreRefusedAndTheHonestCopySurvives() throws Exception {
    SignedDescriptor honest = signed(Instant.now(), "honest", "fine");
    assertThat(register(honest.toJsonBytes()).status()).isEqualTo(RegistryMessage.Status.ACCEPTED);

    RegistryMessage.Ack expired =
        register(signed(Instant.now().minusSeconds(3600), "old", "stale").toJsonBytes());
    assertThat(expired.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(expired.reason()).isEqualTo("EXPIRED");

    RegistryMessage.Ack future =
        register(signed(Instant.now().plusSeconds(3600), "later", "soon").toJsonBytes());
    assertThat(future.reason()).isEqualTo("FROM_FUTURE");

    byte[] padded = (honest.toJsonBytes().toUtf8() + " ".repeat(70_000)).getBytes();
    RegistryMessage.Ack oversized = register(Bytes.wrap(padded)); // 64 KiB is the limit
    assertThat(oversized.reason()).isEqualTo("OVERSIZE");

    SignedDescriptor newer = signed(Instant.now().plusMillis(5), "honest", "fine, later");
    assertThat(register(newer.toJsonBytes()).reason()).isEqualTo("REPLACED");
    RegistryMessage.Ack replay = register(honest.toJsonBytes()); // the old seq again
    assertThat(replay.status()).isEqualTo(RegistryMessage.Status.REJECTED);
    assertThat(replay.reason()).isEqualTo("STALE_SEQ");

    RegistryMessage.Ack garbage = register(Bytes.wrap("{not json".getBytes()));
    assertThat(garbage.reason()).isEqualTo("MALFORMED");

    RegistryMessage.Found found =
        (RegistryMessage.Found)
            RegistryProtocol.PROTOCOL
                .call(c, new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 10)))
                .orElseThrow();
    assertThat(found.descriptors()).containsExactly(newer.toJsonBytes());
    assertThat(c.isClosed()).isFalse(); // refusals are answers, not disconnects
  }
}
