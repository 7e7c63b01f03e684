package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.DescriptorExamples;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import io.ap2p.net.pubsub.GossipSub;
import io.ap2p.net.pubsub.Validation;
import io.ap2p.node.discovery.Federation;
import io.ap2p.node.discovery.FederationOptions;
import io.ap2p.node.discovery.Finder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three federated registries on loopback TCP, each a real node: a descriptor published to one is
 * found on another within a bounded delay; with one killed, publishers fail over and finders merge
 * the others; a replica restarted empty catches up from its peers; a replica gossiping a forged or
 * replayed descriptor is refused.
 */
@Tag("slow")
class FederationTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final Clock CLOCK = SystemClock.INSTANCE;
  static final GossipParams GOSSIP = GossipParams.DEFAULTS.withHeartbeat(Duration.ofMillis(300));
  static final Duration REPLICATION_BOUND = Duration.ofSeconds(10);
  static final Query IMAGES = Query.forTag(new CapabilityTag("image.generate"), 50);

  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  static CapabilityDescriptor template(PrivateKey key, String id, Optional<Long> seq)
      throws Exception {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(DescriptorExamples.imageGenerationTemplate());
    t.put("id", id);
    t.put("ttlSeconds", 60);
    seq.ifPresent(s -> t.put("seq", s));
    ObjectNode intent = (ObjectNode) t.get("intent");
    intent.put("name", "Image generation " + id);
    ArrayNode tags = intent.putArray("tags");
    tags.add("image.generate");
    return DescriptorSigning.fromTemplate(t, key, CLOCK.instant());
  }

  Node registry(PrivateKey key, Multiaddr listen, List<Multiaddr> peers) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                key,
                List.of(listen),
                List.of(),
                true,
                Optional.empty(),
                List.of(),
                "ap2p/test",
                Optional.empty()),
            new FederationOptions(List.of(), true, peers, GOSSIP),
            CLOCK,
            s -> {});
    open.add(n);
    return n;
  }

  static Multiaddr addr(Node n) {
    return n.host().listenAddrs().get(0).withPeerId(n.host().peerId());
  }

  static Multiaddr anyPort() throws Exception {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  static boolean holds(Node registry, Finder finder, String id) {
    try {
      return finder
          .find(List.of(addr(registry)), IMAGES, io.ap2p.core.discovery.matching.TrustView.NONE)
          .matches()
          .stream()
          .anyMatch(m -> m.descriptor().descriptor().id().equals(id));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void threeRegistriesReplicateFailOverCatchUpAndRefuseForgeries() throws Exception {
    PrivateKey k0 = PrivateKey.generate(RANDOM);
    Node r0 = registry(k0, anyPort(), List.of());
    Node r1 = registry(PrivateKey.generate(RANDOM), anyPort(), List.of(addr(r0)));
    Node r2 = registry(PrivateKey.generate(RANDOM), anyPort(), List.of(addr(r0), addr(r1)));
    List<Node> regs = List.of(r0, r1, r2);
    await(
        "a full mesh of three registries",
        () ->
            regs.stream()
                .allMatch(
                    r -> r.federation().orElseThrow().gossip().mesh(Federation.TOPIC).size() == 2));

    // publish to one (r0, first in the publisher's list), find on another (r2)
    PrivateKey pk = PrivateKey.generate(RANDOM);
    Node publisher =
        Node.start(
            new NodeOptions(
                pk,
                List.of(anyPort()),
                List.of(),
                false,
                Optional.of(addr(r0)),
                List.of(template(pk, "cap-a", Optional.empty())),
                "ap2p/test",
                Optional.empty()),
            new FederationOptions(List.of(addr(r0), addr(r1), addr(r2)), false, List.of(), GOSSIP),
            CLOCK,
            s -> {});
    open.add(publisher);
    Host requester =
        Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(anyPort()), "t"));
    open.add(requester);
    Finder finder = new Finder(requester, CLOCK);
    long t0 = System.nanoTime();
    await("cap-a on r2", () -> holds(r2, finder, "cap-a"));
    long delayMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(Duration.ofMillis(delayMs)).isLessThan(REPLICATION_BOUND);
    await("cap-a on r1", () -> holds(r1, finder, "cap-a"));
    assertThat(((io.ap2p.node.discovery.Provider) publisher.provider().orElseThrow()).registry())
        .isEqualTo(addr(r0));
    await(
        "status names all three holders",
        () ->
            publisher.provider().orElseThrow().holders().getOrDefault("cap-a", List.of()).size()
                == 3);

    // kill r0: the publisher fails over (a new capability goes to r1), finders merge the others
    Multiaddr r0Addr = addr(r0);
    r0.close();
    open.remove(r0);
    publisher.provider().orElseThrow().publish(template(pk, "cap-b", Optional.empty()));
    await("cap-b on r2 through r1", () -> holds(r2, finder, "cap-b"));
    assertThat(((io.ap2p.node.discovery.Provider) publisher.provider().orElseThrow()).registry())
        .isEqualTo(addr(r1));
    Finder.Merged merged = finder.merged(List.of(r0Addr, addr(r1), addr(r2)), IMAGES);
    assertThat(merged.failed()).hasSize(1);
    assertThat(merged.answered()).containsExactly(addr(r1), addr(r2));
    assertThat(merged.descriptors())
        .extracting(d -> d.descriptor().id())
        .containsExactlyInAnyOrder("cap-a", "cap-b");
    await(
        "status names the two live holders",
        () ->
            publisher.provider().orElseThrow().holders().getOrDefault("cap-b", List.of()).size()
                == 2);

    // r0 restarts empty, same key and port: it catches up from r1 or r2 long before any refresh
    Node again = registry(k0, r0Addr.withoutPeerId(), List.of(addr(r1), addr(r2)));
    // caughtUp and synced are set just after the table holds the pulled descriptors: wait for all
    // three, not for the table alone (else a poll between them sees caughtUp false or synced 1)
    await(
        "r0 caught up",
        () ->
            again.registry().orElseThrow().size() == 2
                && again.federation().orElseThrow().stats().caughtUp()
                && again.federation().orElseThrow().stats().synced() >= 2);
    assertThat(again.federation().orElseThrow().stats().synced()).isEqualTo(2);

    // a rogue replica joins the topic: a forged descriptor and a replayed older seq are refused
    PrivateKey rogueKey = PrivateKey.generate(RANDOM);
    Host rogueHost = Host.start(HostConfig.of(rogueKey, List.of(anyPort()), "rogue"));
    open.add(rogueHost);
    GossipSub rogue = GossipSub.start(rogueHost, rogueKey, GOSSIP, CLOCK, new SplittableRandom());
    open.add(rogue);
    rogue.subscribe(Federation.TOPIC, (src, m) -> Validation.IGNORE);
    rogue.connect(addr(r1));
    rogue.connect(addr(r2));
    await(
        "rogue attached both ways",
        () ->
            r1.federation()
                    .orElseThrow()
                    .gossip()
                    .topicsOf(rogueHost.peerId())
                    .contains(Federation.TOPIC)
                && rogue.topicsOf(r1.host().peerId()).contains(Federation.TOPIC)
                && rogue.topicsOf(r2.host().peerId()).contains(Federation.TOPIC));
    // its own valid descriptor at seq 5 is accepted and replicated (signatures, not replicas,
    // are trusted) ...
    PrivateKey other = PrivateKey.generate(RANDOM);
    SignedDescriptor v5 = DescriptorSigning.sign(template(other, "cap-q", Optional.of(5L)), other);
    rogue.publish(Federation.TOPIC, v5.toJsonBytes());
    await("cap-q on r2", () -> holds(r2, finder, "cap-q"));
    // ... its replay of seq 3 is ignored, and a forgery of the publisher's cap-a is rejected
    SignedDescriptor v3 = DescriptorSigning.sign(template(other, "cap-q", Optional.of(3L)), other);
    rogue.publish(Federation.TOPIC, v3.toJsonBytes());
    Bytes real =
        finder.merged(List.of(addr(r1)), IMAGES).descriptors().stream()
            .filter(d -> d.descriptor().id().equals("cap-a"))
            .findFirst()
            .orElseThrow()
            .toJsonBytes();
    String forged = real.toUtf8().replace("Image generation cap-a", "Image generation EVIL!");
    assertThat(forged).isNotEqualTo(real.toUtf8());
    rogue.publish(Federation.TOPIC, Bytes.wrap(forged.getBytes(StandardCharsets.UTF_8)));
    await(
        "forgery rejected by r1 and r2",
        () ->
            r1.federation().orElseThrow().stats().rejected() >= 1
                && r2.federation().orElseThrow().stats().rejected() >= 1);
    await(
        "replay ignored by r1 and r2",
        () ->
            r1.federation().orElseThrow().stats().ignored() >= 1
                && r2.federation().orElseThrow().stats().ignored() >= 1);
    for (Node r : List.of(r1, r2, again)) {
      List<SignedDescriptor> held = finder.merged(List.of(addr(r)), IMAGES).descriptors();
      assertThat(held)
          .filteredOn(d -> d.descriptor().id().equals("cap-q"))
          .extracting(SignedDescriptor::seq)
          .allMatch(s -> s == 5L);
      assertThat(held)
          .filteredOn(d -> d.descriptor().id().equals("cap-a"))
          .extracting(d -> d.descriptor().intent().name())
          .containsExactly("Image generation cap-a");
    }
    assertThat(r1.federation().orElseThrow().gossip().invalidFrom(rogueHost.peerId()))
        .isGreaterThanOrEqualTo(1);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
