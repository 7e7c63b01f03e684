package io.ap2p.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.discovery.DhtService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ap2p's DHT against js-libp2p's kad-dht configured with ap2p's protocol id: each side finds the
 * provider records the other announced.
 */
@Tag("interop")
class JsKadInteropTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static JsPeer js;
  static final List<Node> nodes = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    js = new JsPeer();
    for (int i = 0; i < 2; i++) {
      nodes.add(
          Node.start(
              new NodeOptions(
                  PrivateKey.generate(RANDOM),
                  List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                  List.of(Multiaddr.parse(js.addrs.get(0))),
                  false,
                  Optional.empty(),
                  List.of(),
                  "ap2p/interop-test",
                  Optional.empty(),
                  NodeOptions.Discovery.DHT,
                  DhtService.DEFAULT_PROTOCOL),
              SystemClock.INSTANCE,
              s -> {}));
    }
    for (Node n : nodes) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (n.dht().orElseThrow().routingTableSize() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(n.dht().orElseThrow().routingTableSize()).as("joined via js").isPositive();
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(Node::close);
    if (js != null) {
      js.close();
    }
  }

  @Test
  void jsFindsProvidersOurNodesAnnounced() throws Exception {
    Node ours = nodes.get(0);
    DhtClient.Result announced =
        ours.dht()
            .orElseThrow()
            .announce(CapabilityKeys.of(new CapabilityTag("image.generate")))
            .get(30, TimeUnit.SECONDS);
    assertThat(announced.providers()).as("peers that took the record").isNotEmpty();
    // ADD_PROVIDER has no answer: the record lands a moment after the announcement completes
    List<String> found = new ArrayList<>();
    for (int attempt = 0;
        attempt < 5 && !found.contains(ours.host().peerId().toString());
        attempt++) {
      JsonNode r =
          js.call("findProviders", Map.of("tag", "image.generate", "want", 1, "timeoutMs", 3000));
      found.clear();
      r.get("providers").forEach(p -> found.add(p.asText()));
    }
    assertThat(found).contains(ours.host().peerId().toString());
  }

  @Test
  void ourNodesFindProvidersJsAnnounced() throws Exception {
    js.call("provide", Map.of("tag", "text.summarize"));
    Node other = nodes.get(1);
    List<String> found = new ArrayList<>();
    for (int attempt = 0; attempt < 5 && !found.contains(js.peerId); attempt++) {
      DhtClient.Result r =
          other
              .dht()
              .orElseThrow()
              .providers(CapabilityKeys.of(new CapabilityTag("text.summarize")), 5)
              .get(30, TimeUnit.SECONDS);
      found.clear();
      r.providers().forEach(p -> found.add(p.toString()));
      if (!found.contains(js.peerId)) {
        Thread.sleep(200);
      }
    }
    assertThat(found).contains(js.peerId);
  }
}
