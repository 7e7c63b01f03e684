package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.discovery.RegistryProtocol;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 fresh identities flood a real registry over real connections; honest providers stay found.
 */
@Tag("slow")
class SybilFloodTest {

  static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void honestProvidersStayFoundAndAnswersStayBounded() throws Exception {
    ManualClock registryClock = new ManualClock(SystemClock.INSTANCE.millis());
    Multiaddr any = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    List<Node> honest = new ArrayList<>();
    try (Node registry =
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
            registryClock,
            s -> {})) {
      Multiaddr registryAddr =
          registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());
      for (int i = 0; i < 3; i++) {
        PrivateKey k = PrivateKey.generate(RANDOM);
        honest.add(
            Node.start(
                new NodeOptions(
                    k,
                    List.of(any),
                    List.of(),
                    false,
                    Optional.of(registryAddr),
                    List.of(
                        RegistryModeTest.templateWithTtl(
                            k, "honest-" + i, "image.generate", "Image generation", 3600)),
                    "ap2p/test",
                    Optional.empty()),
                SystemClock.INSTANCE,
                s -> {}));
      }
      RegistryModeTest.await(
          "honest providers registered",
          Duration.ofSeconds(10),
          () -> registry.registry().orElseThrow().size() == 3);
      registryClock.advance(RegistryServer.TENURE_FOR_FULL_CREDIT_MILLIS);

      // the flood: 1,000 fresh identities, each on its own authenticated connection
      AtomicInteger accepted = new AtomicInteger();
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          int n = i;
          jobs.add(
              pool.submit(
                  () -> {
                    PrivateKey sybil = PrivateKey.generate(RANDOM);
                    try (Host h = Host.start(HostConfig.of(sybil, List.of(), "sybil"))) {
                      var d =
                          DescriptorSigning.sign(
                              RegistryModeTest.templateWithTtl(
                                  sybil,
                                  "sybil-" + n,
                                  "image.generate",
                                  "Image generation, best ever",
                                  3600),
                              sybil);
                      RegistryMessage a =
                          RegistryProtocol.PROTOCOL
                              .call(
                                  h.connect(registryAddr),
                                  new RegistryMessage.Register(d.toJsonBytes()))
                              .orElseThrow();
                      if (((RegistryMessage.Ack) a).status() == RegistryMessage.Status.ACCEPTED) {
                        accepted.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : jobs) {
          f.get();
        }
      }
      assertThat(accepted.get()).isEqualTo(1000); // valid descriptors: admitted, but newcomers
      assertThat(registry.registry().orElseThrow().size()).isEqualTo(1003);
      assertThat(registry.host().connections().size()).isLessThan(100); // flooders hung up

      try (Host requester =
          Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "ap2p/test"))) {
        Finder.Result top =
            new Finder(requester, SystemClock.INSTANCE)
                .find(
                    registryAddr,
                    Query.forTag(new CapabilityTag("image.generate"), 5),
                    TrustView.NONE);
        assertThat(top.returned()).isEqualTo(5);
        List<String> ids =
            top.matches().stream().map(m -> m.descriptor().descriptor().id()).toList();
        assertThat(ids).contains("honest-0", "honest-1", "honest-2");
      }
    } finally {
      honest.forEach(Node::close);
    }
  }
}
