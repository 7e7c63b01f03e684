package io.ap2p.node.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sync pages are cut from one key-ordered copy of the table reused for {@link
 * RegistryService#SNAPSHOT_REUSE}: a catch-up's pages do not shift under admissions, and a flood of
 * page requests does not sort the table once each.
 */
class RegistrySyncPageTest {

  @Test
  void pagesComeFromOneCopyOfTheTableUntilItIsRenewed() throws Exception {
    SecureRandom random = new SecureRandom();
    ManualClock clock = new ManualClock(System.currentTimeMillis());
    PrivateKey hostKey = PrivateKey.generate(random);
    try (Host host =
            Host.start(
                HostConfig.of(
                    hostKey, List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")), "ap2p/test"));
        RegistryService registry =
            new RegistryService(host, clock, RegistryLimits.DEFAULTS, new SplittableRandom(19))) {
      for (int i = 0; i < 3; i++) {
        admit(registry, PrivateKey.generate(random));
      }
      SyncMessage.Page first = registry.page(0, 2, 1 << 20);
      assertThat(first.descriptors()).hasSize(2);
      assertThat(first.next()).isEqualTo(2);
      admit(registry, PrivateKey.generate(random)); // admitted between two pages of a pull
      SyncMessage.Page second = registry.page(2, 2, 1 << 20);
      assertThat(second.descriptors()).hasSize(1); // the rest of the same copy, nothing shifted
      assertThat(second.next()).isZero();
      assertThat(second.descriptors()).doesNotContainAnyElementsOf(first.descriptors());
      clock.advance(RegistryService.SNAPSHOT_REUSE.toMillis());
      assertThat(registry.page(0, 10, 1 << 20).descriptors()).hasSize(4);
    }
  }

  private static void admit(RegistryService registry, PrivateKey key) throws Exception {
    var d = PublisherRuntimeTest.template(key, "cap");
    RegistryMessage.Ack ack = registry.admitReplica(DescriptorSigning.sign(d, key).toJsonBytes());
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
  }
}
