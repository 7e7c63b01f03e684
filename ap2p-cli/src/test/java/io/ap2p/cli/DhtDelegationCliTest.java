package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.execution.capability.CapabilitySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p invoke --discovery dht --bootstrap PEER}: a transient node joins the DHT. */
@Tag("slow")
class DhtDelegationCliTest {

  @TempDir Path tmp;
  final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.reversed().forEach(Node::close);
  }

  Node start(List<Multiaddr> bootstrap, List<CapabilitySpec> serve) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(LoopbackNetwork.RANDOM),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                    bootstrap,
                    false,
                    Optional.empty(),
                    List.of(),
                    "ap2p-test",
                    Optional.empty(),
                    NodeOptions.Discovery.DHT,
                    DhtService.DEFAULT_PROTOCOL)
                .serving(serve),
            SystemClock.INSTANCE,
            line -> {});
    nodes.add(n);
    return n;
  }

  @Test
  void invokeThroughTheDht() throws Exception {
    Node seed = start(List.of(), List.of());
    String addr = seed.host().listenAddrs().get(0).withPeerId(seed.host().peerId()).toString();
    Node provider =
        start(List.of(Multiaddr.parse(addr)), List.of(CapabilitySpec.forBuiltin("text.summarize")));
    Path in = Files.writeString(tmp.resolve("in.txt"), ExecutionCliTest.TEXT);

    // the provider's record reaches the seed when it (re)publishes after joining
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    CliRunner.Result r;
    do {
      r =
          CliRunner.run(
              "invoke",
              "--tag",
              "text.summarize",
              "--input",
              in.toString(),
              "--discovery",
              "dht",
              "--bootstrap",
              addr);
      if (r.code() != 0) {
        Thread.sleep(1000);
      }
    } while (r.code() != 0 && System.nanoTime() < end);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("quick brown fox");
    assertThat(r.err()).contains("provider   " + provider.host().peerId());
  }
}
