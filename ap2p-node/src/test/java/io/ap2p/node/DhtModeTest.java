package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtFinder;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.discovery.Finder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 30 real nodes on loopback in one JVM, DHT mode: no special peers. */
@Tag("slow")
class DhtModeTest {

  static final SecureRandom RANDOM = new SecureRandom();
  final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(Node::close);
  }

  Node start(PrivateKey key, List<Multiaddr> bootstrap, List<CapabilityDescriptor> publish)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                key,
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                bootstrap,
                false,
                Optional.empty(),
                publish,
                "ap2p/test",
                Optional.empty(),
                NodeOptions.Discovery.DHT,
                DhtService.DEFAULT_PROTOCOL),
            SystemClock.INSTANCE,
            s -> {});
    nodes.add(n);
    return n;
  }

  static Multiaddr addr(Node n) {
    return n.host().listenAddrs().get(0).withPeerId(n.host().peerId());
  }

  @Test
  void thirtyNodesAnnounceAndFindByTagAndParentTag() throws Exception {
    Node seed = start(PrivateKey.generate(RANDOM), List.of(), List.of());
    List<Node> providers = new ArrayList<>();
    for (int i = 0; i < 28; i++) {
      PrivateKey k = PrivateKey.generate(RANDOM);
      // bootstrap from the seed or from a node that joined before
      Multiaddr via = i < 3 ? addr(seed) : addr(nodes.get(RANDOM.nextInt(nodes.size())));
      List<CapabilityDescriptor> publish =
          i % 3 == 0
              ? List.of(
                  RegistryModeTest.template(
                      k,
                      "cap-" + i,
                      i % 2 == 0 ? "image.generate" : "text.summarize",
                      "Service " + i))
              : List.of();
      Node n = start(k, List.of(via), publish);
      if (!publish.isEmpty()) {
        providers.add(n);
      }
    }
    // 10 providers: i = 0, 3, …, 27; image for even i (0, 6, 12, 18, 24), summaries for odd
    RegistryModeTest.await(
        "every provider announced",
        Duration.ofSeconds(30),
        () ->
            providers.stream()
                .allMatch(
                    p ->
                        p.provider()
                            .orElseThrow()
                            .status()
                            .get(0)
                            .discoverableAt(SystemClock.INSTANCE.millis())));

    Node requester = start(PrivateKey.generate(RANDOM), List.of(addr(seed)), List.of());
    RegistryModeTest.await(
        "the requester joined",
        Duration.ofSeconds(10),
        () -> requester.dht().orElseThrow().routingTableSize() > 0);
    DhtFinder finder = new DhtFinder(requester.dht().orElseThrow(), SystemClock.INSTANCE);
    // "announced" means the ADD_PROVIDERs were sent (they have no answer): let them land
    RegistryModeTest.await(
        "every record stored",
        Duration.ofSeconds(10),
        () -> {
          try {
            return finder
                        .find(Query.forTag(new CapabilityTag("image"), 100), TrustView.NONE)
                        .matches()
                        .size()
                    == 5
                && finder
                        .find(Query.forTag(new CapabilityTag("text"), 100), TrustView.NONE)
                        .matches()
                        .size()
                    == 5;
          } catch (java.io.IOException e) {
            return false;
          }
        });
    Finder.Result images =
        finder.find(Query.forTag(new CapabilityTag("image.generate"), 100), TrustView.NONE);
    assertThat(images.matches())
        .extracting(m -> m.descriptor().descriptor().id())
        .containsExactlyInAnyOrder("cap-0", "cap-6", "cap-12", "cap-18", "cap-24");
    assertThat(images.rejected()).isZero();
    // a parent tag finds the specific providers (they announce their tags' parents too)
    Finder.Result text = finder.find(Query.forTag(new CapabilityTag("text"), 100), TrustView.NONE);
    assertThat(text.matches()).hasSize(5);

    // refresh past the TTL: still found
    Thread.sleep((RegistryModeTest.TTL + 1) * 1000);
    assertThat(finder.find(Query.forTag(new CapabilityTag("image"), 100), TrustView.NONE).matches())
        .hasSize(5);

    // a stopped provider can no longer hand out its descriptor; a withdrawn one is not served
    Node stopped = providers.get(0); // cap-0
    stopped.close();
    nodes.remove(stopped);
    providers.get(2).provider().orElseThrow().withdraw("cap-6");
    Finder.Result after =
        finder.find(Query.forTag(new CapabilityTag("image"), 100), TrustView.NONE);
    assertThat(after.matches())
        .extracting(m -> m.descriptor().descriptor().id())
        .containsExactlyInAnyOrder("cap-12", "cap-18", "cap-24");

    assertThatThrownBy(() -> finder.find(Query.text("anything", List.of(), 5), TrustView.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
