package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.Finder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 30 real nodes on loopback in one JVM, registry mode: the paper's evaluated design. */
@Tag("slow")
class RegistryModeTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final Clock CLOCK = SystemClock.INSTANCE;
  static final long TTL = 3;
  final List<Node> nodes = new ArrayList<>();
  final List<Host> hosts = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(Node::close);
    hosts.forEach(Host::close);
  }

  static CapabilityDescriptor template(PrivateKey key, String id, String tag, String name)
      throws Exception {
    return templateWithTtl(key, id, tag, name, TTL);
  }

  static CapabilityDescriptor templateWithTtl(
      PrivateKey key, String id, String tag, String name, long ttl) throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", id);
    t.put("ttlSeconds", ttl);
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.put("name", name);
    ArrayNode tags = intent.putArray("tags");
    tags.add(tag);
    return DescriptorSigning.fromTemplate(t, key, CLOCK.instant());
  }

  Node start(
      PrivateKey key,
      boolean registry,
      Optional<Multiaddr> registryPeer,
      List<CapabilityDescriptor> publish,
      Multiaddr listen)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                key,
                List.of(listen),
                List.of(),
                registry,
                registryPeer,
                publish,
                "ap2p/test",
                Optional.empty()),
            CLOCK,
            s -> {});
    nodes.add(n);
    return n;
  }

  static String sockets(Multiaddr addr) {
    try {
      int port = addr.tcpEndpoint().getPort();
      Process p = new ProcessBuilder("ss", "-tan").redirectErrorStream(true).start();
      return new String(p.getInputStream().readAllBytes())
          .lines()
          .filter(l -> l.contains(":" + port + " ") || l.contains(":" + port + "\t"))
          .reduce("", (a, b) -> a + b + "\n");
    } catch (Exception e) {
      return "(ss unavailable: " + e.getMessage() + ")";
    }
  }

  static Multiaddr anyPort() throws Exception {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  static void await(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void thirtyNodesPublishFindRefreshExpireWithdrawAndSurviveARegistryRestart() throws Exception {
    PrivateKey registryKey = PrivateKey.generate(RANDOM);
    Node registry = start(registryKey, true, Optional.empty(), List.of(), anyPort());
    Multiaddr registryAddr =
        registry.host().listenAddrs().get(0).withPeerId(registry.host().peerId());

    List<Node> providers = new ArrayList<>();
    for (int i = 0; i < 28; i++) {
      PrivateKey k = PrivateKey.generate(RANDOM);
      String tag = i % 2 == 0 ? "image.generate" : "text.summarize";
      String name = i % 2 == 0 ? "Image generation " + i : "Summarise long documents " + i;
      providers.add(
          start(
              k,
              false,
              Optional.of(registryAddr),
              List.of(template(k, "cap-" + i, tag, name)),
              anyPort()));
    }
    await(
        "every provider registered",
        Duration.ofSeconds(20),
        () ->
            providers.stream()
                .allMatch(
                    p ->
                        p.provider().orElseThrow().status().get(0).discoverableAt(CLOCK.millis())));
    assertThat(registry.registry().orElseThrow().size()).isEqualTo(28);

    Host requester =
        Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(anyPort()), "ap2p/test"));
    hosts.add(requester); // the 30th node
    Finder finder = new Finder(requester, CLOCK);
    Finder.Result images =
        finder.find(
            registryAddr, Query.forTag(new CapabilityTag("image.generate"), 100), TrustView.NONE);
    assertThat(images.matches()).hasSize(14);
    assertThat(images.rejected()).isZero();
    Finder.Result summaries =
        finder.find(
            registryAddr, Query.text("summarise documents", List.of(), 100), TrustView.NONE);
    assertThat(summaries.matches()).hasSize(14);
    assertThat(summaries.matches())
        .allMatch(
            m ->
                m.descriptor()
                    .descriptor()
                    .intent()
                    .tags()
                    .get(0)
                    .toString()
                    .equals("text.summarize"));
    assertThat(summaries.matches().get(0).score().why()).contains("text");
    long firstSeq = images.matches().get(0).descriptor().seq();
    String firstPeer = images.matches().get(0).descriptor().descriptor().peer().toString();

    // refresh: past the TTL everything is still there, under a higher seq
    Thread.sleep((TTL + 1) * 1000);
    Finder.Result later =
        finder.find(
            registryAddr, Query.forTag(new CapabilityTag("image.generate"), 100), TrustView.NONE);
    assertThat(later.matches()).hasSize(14);
    Match same =
        later.matches().stream()
            .filter(m -> m.descriptor().descriptor().peer().toString().equals(firstPeer))
            .findFirst()
            .orElseThrow();
    assertThat(same.descriptor().seq()).isGreaterThan(firstSeq);

    // a provider that stops is gone after its TTL; withdrawal is immediate
    Node stopped = providers.get(0);
    String stoppedPeer = stopped.host().peerId().toString();
    stopped.close();
    nodes.remove(stopped);
    providers.get(2).provider().orElseThrow().withdraw("cap-2");
    await(
        "withdrawal", Duration.ofSeconds(5), () -> registry.registry().orElseThrow().size() <= 27);
    await(
        "expiry of the stopped provider",
        Duration.ofSeconds(TTL + 5),
        () -> registry.registry().orElseThrow().size() == 26);
    Finder.Result afterStop =
        finder.find(
            registryAddr, Query.forTag(new CapabilityTag("image.generate"), 100), TrustView.NONE);
    assertThat(afterStop.matches()).hasSize(12);
    assertThat(afterStop.matches())
        .noneMatch(m -> m.descriptor().descriptor().peer().toString().equals(stoppedPeer));

    // registry restart on the same address and identity: providers are back by themselves
    Multiaddr listen = registry.host().listenAddrs().get(0);
    registry.close();
    nodes.remove(registry);
    Node restarted = null;
    long bindDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (restarted == null) {
      try {
        restarted = start(registryKey, true, Optional.empty(), List.of(), listen);
      } catch (java.io.IOException e) {
        // the old sockets on the port may linger a moment in the kernel
        if (System.nanoTime() > bindDeadline) {
          throw e;
        }
        System.err.println(e.getMessage() + "\n" + sockets(listen));
        Thread.sleep(200);
      }
    }
    Node back = restarted;
    assertThat(back.registry().orElseThrow().size()).isZero();
    await(
        "providers back after the restart",
        Duration.ofSeconds(15),
        () -> back.registry().orElseThrow().size() == 26);
  }
}
