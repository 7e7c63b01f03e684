package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Revocations in DHT mode on eight real loopback nodes: a compromised provider that keeps serving
 * its descriptor is refused by a finder as soon as the declaration is stored in the DHT, and a
 * forged declaration changes nothing.
 */
@Tag("slow")
class RevocationDhtTest {

  static final SecureRandom RANDOM = new SecureRandom();
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

  @Test
  void aCompromiseStoredInTheDhtIsRefusedByFinders() throws Exception {
    Node seed = start(PrivateKey.generate(RANDOM), List.of(), false);
    Multiaddr via = DhtModeTest.addr(seed);
    for (int i = 0; i < 5; i++) {
      start(PrivateKey.generate(RANDOM), List.of(via), false);
    }
    PrivateKey pk = PrivateKey.generate(RANDOM);
    Node provider = start(pk, List.of(via), true);
    Node requester = start(PrivateKey.generate(RANDOM), List.of(via), false);
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
    RevocationBook book = new RevocationBook(SystemClock.INSTANCE, Optional.empty());
    DhtFinder finder =
        new DhtFinder(requester.dht().orElseThrow(), SystemClock.INSTANCE, Optional.of(book));
    Query images = Query.forTag(new CapabilityTag("image.generate"), 10);
    RegistryModeTest.await(
        "found",
        Duration.ofSeconds(10),
        () -> {
          try {
            return finder.find(images, TrustView.NONE).matches().size() == 1;
          } catch (java.io.IOException e) {
            return false;
          }
        });

    // a declaration signed by another key is refused by every holder: nothing changes
    PrivateKey other = PrivateKey.generate(RANDOM);
    Revocation fake = new Revocation.Compromise(pk.publicKey(), System.currentTimeMillis());
    Bytes body = io.ap2p.core.trust.revocation.RevocationCodec.encodeBody(fake);
    Bytes forged =
        new SignedRevocation(fake, body, other.sign(SignedRevocation.DOMAIN, body), Bytes.EMPTY)
            .encoded();
    assertThat(seed.dht().orElseThrow().publishRevocation(forged)).isZero();
    assertThat(finder.find(images, TrustView.NONE).matches()).hasSize(1);

    // the real one, stored by any node (here the seed): the provider still serves its
    // descriptor, the finder refuses it
    Bytes compromise =
        SignedRevocation.sign(
                new Revocation.Compromise(pk.publicKey(), System.currentTimeMillis()), pk)
            .encoded();
    assertThat(seed.dht().orElseThrow().publishRevocation(compromise)).isPositive();
    var found = finder.find(images, TrustView.NONE);
    assertThat(found.matches()).isEmpty();
    assertThat(found.rejected()).isEqualTo(1);
    assertThat(book.refusal(pk.peerId())).isPresent();
  }
}
