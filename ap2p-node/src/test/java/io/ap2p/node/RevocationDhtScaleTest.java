package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtFinder;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.trust.RevocationBook;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Revocations in DHT mode on more nodes than k (20), so each revocation is kept by some nodes and
 * not others: a finder that meets only the successor of a rotated key learns the hand-over (it is
 * kept under the successor's key too), and a compromise of the old key published by a node that
 * holds nothing about it still reaches the successor's holders, so the finder refuses the
 * successor.
 */
@Tag("slow")
class RevocationDhtScaleTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final int NODES = 26;
  final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(Node::close);
  }

  Node start(PrivateKey key, List<Multiaddr> bootstrap, boolean publish) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                key,
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")),
                bootstrap,
                false,
                Optional.empty(),
                publish
                    ? List.of(
                        RegistryModeTest.template(key, "cap-x", "image.generate", "Service x"))
                    : List.of(),
                "ap2p/test",
                Optional.empty(),
                NodeOptions.Discovery.DHT,
                DhtService.DEFAULT_PROTOCOL),
            SystemClock.INSTANCE,
            s -> {});
    nodes.add(n);
    return n;
  }

  void awaitAnnounced(Node provider) throws Exception {
    RegistryModeTest.await(
        "the provider announced",
        Duration.ofSeconds(30),
        () ->
            provider
                .provider()
                .orElseThrow()
                .status()
                .get(0)
                .discoverableAt(SystemClock.INSTANCE.millis()));
  }

  List<PeerId> found(DhtFinder finder, Query q) {
    try {
      return finder.find(q, TrustView.NONE).matches().stream()
          .map(m -> m.descriptor().descriptor().peer())
          .toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  @Test
  void aRotationIsCarriedAndACompromiseRefusedBeyondKNodes() throws Exception {
    Node seed = start(PrivateKey.generate(RANDOM), List.of(), false);
    Multiaddr via = DhtModeTest.addr(seed);
    for (int i = 0; i < NODES - 4; i++) {
      start(PrivateKey.generate(RANDOM), List.of(via), false);
    }
    PrivateKey a = PrivateKey.generate(RANDOM);
    PrivateKey b = PrivateKey.generate(RANDOM);
    Node oldProvider = start(a, List.of(via), true);
    Node requester = start(PrivateKey.generate(RANDOM), List.of(via), false);
    awaitAnnounced(oldProvider);
    RevocationBook book = new RevocationBook(SystemClock.INSTANCE, Optional.empty());
    Map<PeerId, PeerId> carried = new ConcurrentHashMap<>();
    book.onHandOver(carried::put);
    book.recordsOf(a.peerId()::equals); // the finder's node has records of a (it used it, say)
    DhtFinder finder =
        new DhtFinder(requester.dht().orElseThrow(), SystemClock.INSTANCE, Optional.of(book));
    Query images = Query.forTag(new CapabilityTag("image.generate"), 10);
    RegistryModeTest.await(
        "a found", Duration.ofSeconds(20), () -> found(finder, images).contains(a.peerId()));

    // a hands over to b; the old node stops, the new one serves under b
    Bytes handOver = SignedRevocation.rotate(a, b, System.currentTimeMillis()).encoded();
    int took = oldProvider.dht().orElseThrow().publishRevocation(handOver);
    assertThat(took).isPositive();
    oldProvider.close();
    nodes.remove(oldProvider);
    Node newProvider = start(b, List.of(via), true);
    awaitAnnounced(newProvider);
    // not every node keeps it: k of them per DHT key
    long holders =
        nodes.stream()
            .filter(
                n ->
                    n.dht().orElseThrow().revocationsHeld(b.peerId()).contains(handOver)
                        || n.dht().orElseThrow().revocationsHeld(a.peerId()).contains(handOver))
            .count();
    assertThat(holders).isLessThan(nodes.size());
    RegistryModeTest.await(
        "b found", Duration.ofSeconds(20), () -> found(finder, images).contains(b.peerId()));
    // the finder met only b, and learned the hand-over from b's holders
    assertThat(book.successor(a.peerId())).contains(b.peerId());
    assertThat(carried).containsEntry(a.peerId(), b.peerId());

    // a's compromise, published by a node chosen for holding nothing about a or b: it voids the
    // hand-over, and the finder refuses b
    Node publisher =
        nodes.stream()
            .filter(n -> n != newProvider && n != requester)
            .filter(n -> n.dht().orElseThrow().revocationsHeld(a.peerId()).isEmpty())
            .filter(n -> n.dht().orElseThrow().revocationsHeld(b.peerId()).isEmpty())
            .findFirst()
            .orElse(seed);
    Bytes compromise =
        SignedRevocation.sign(
                new Revocation.Compromise(a.publicKey(), System.currentTimeMillis()), a)
            .encoded();
    assertThat(publisher.dht().orElseThrow().publishRevocation(compromise)).isPositive();
    RegistryModeTest.await(
        "b refused",
        Duration.ofSeconds(20),
        () -> !found(finder, images).contains(b.peerId()) && book.refusal(b.peerId()).isPresent());
  }
}
