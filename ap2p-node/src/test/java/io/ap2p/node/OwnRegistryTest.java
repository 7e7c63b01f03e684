package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.Finder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that serves a registry and publishes without a registry peer publishes to its own
 * registry, in-process (a host never dials itself): its capability is discoverable by others.
 */
class OwnRegistryTest {

  Node node;
  Host requester;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
    if (requester != null) {
      requester.close();
    }
  }

  @Test
  void aRegistryNodePublishesItsOwnCapabilityToItself() throws Exception {
    PrivateKey key = PrivateKey.generate(RegistryModeTest.RANDOM);
    node =
        Node.start(
            new NodeOptions(
                key,
                List.of(RegistryModeTest.anyPort()),
                List.of(),
                true,
                Optional.empty(),
                List.of(RegistryModeTest.template(key, "img", "image.generate", "Own images")),
                "ap2p/test",
                Optional.empty()),
            RegistryModeTest.CLOCK,
            s -> {});
    RegistryModeTest.await(
        "the node's own descriptor in its registry",
        Duration.ofSeconds(20),
        () ->
            node.provider()
                .orElseThrow()
                .status()
                .get(0)
                .discoverableAt(RegistryModeTest.CLOCK.millis()));
    assertThat(node.registry().orElseThrow().size()).isEqualTo(1);

    requester =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(RegistryModeTest.RANDOM),
                List.of(RegistryModeTest.anyPort()),
                "ap2p/test"));
    Multiaddr registry = node.host().listenAddrs().get(0).withPeerId(node.host().peerId());
    Finder.Result found =
        new Finder(requester, RegistryModeTest.CLOCK)
            .find(registry, Query.forTag(new CapabilityTag("image.generate"), 10), TrustView.NONE);
    assertThat(found.matches()).hasSize(1);
    assertThat(found.matches().get(0).descriptor().descriptor().peer())
        .isEqualTo(node.host().peerId());
  }
}
