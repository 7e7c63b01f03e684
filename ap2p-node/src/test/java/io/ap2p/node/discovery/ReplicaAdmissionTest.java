package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Replicated descriptors: copies of what a registry holds, replayed by any mesh peer, do not spend
 * the signer's rate limit, so the signer's next version is still admitted.
 */
class ReplicaAdmissionTest {

  @Test
  void replaysOfAHeldDescriptorDoNotSpendItsSignersRateLimit() throws Exception {
    SecureRandom random = new SecureRandom();
    ManualClock clock = new ManualClock(System.currentTimeMillis()); // no refill during the test
    try (Host host =
            Host.start(
                HostConfig.of(
                    PrivateKey.generate(random),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                    "ap2p/test"));
        RegistryService registry =
            new RegistryService(host, clock, RegistryLimits.DEFAULTS, new SplittableRandom(19))) {
      PrivateKey victim = PrivateKey.generate(random);
      Bytes current = signed(victim, 1000);
      assertThat(registry.admitReplica(current).status())
          .isEqualTo(RegistryMessage.Status.ACCEPTED);
      for (int i = 0; i < 3 * RegistryLimits.DEFAULTS.burst(); i++) {
        RegistryMessage.Ack ack = registry.admitReplica(current);
        assertThat(ack.reason()).isEqualTo("DUPLICATE");
      }
      assertThat(registry.admitReplica(signed(victim, 1001)).status())
          .isEqualTo(RegistryMessage.Status.ACCEPTED);
    }
  }

  private static Bytes signed(PrivateKey key, long seq) throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", "cap");
    t.put("seq", seq);
    return DescriptorSigning.sign(DescriptorSigning.fromTemplate(t, key, Instant.now()), key)
        .toJsonBytes();
  }
}
