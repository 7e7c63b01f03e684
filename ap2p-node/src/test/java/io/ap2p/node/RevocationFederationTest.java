package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.Federation;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.discovery.RegistryProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Revocations across three federated registries on loopback TCP: a withdrawal (a signed revocation)
 * sent to one registry removes the descriptor from every replica's answers at once, an hour before
 * its TTL; a replayed old seq is refused everywhere, a later re-publish is not; a compromise
 * declaration removes every descriptor of the key on every replica.
 */
@Tag("slow")
class RevocationFederationTest {

  final List<AutoCloseable> open = new ArrayList<>();
  final FederationTest fed = new FederationTest();

  @AfterEach
  void close() throws Exception {
    fed.close();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  static CapabilityDescriptor longLived(PrivateKey key, String id) throws Exception {
    CapabilityDescriptor d = FederationTest.template(key, id, Optional.empty());
    var tree = io.ap2p.core.discovery.DescriptorJson.encode(d);
    tree.put("ttlSeconds", 3600);
    return DescriptorSigning.fromTemplate(tree, key, FederationTest.CLOCK.instant());
  }

  RegistryMessage.Ack send(Node from, Multiaddr registry, RegistryMessage m) throws Exception {
    return (RegistryMessage.Ack)
        RegistryProtocol.PROTOCOL.call(from.host(), registry, m).orElseThrow();
  }

  @Test
  void revocationsReachEveryReplicaAtOnce() throws Exception {
    Node r0 =
        fed.registry(
            PrivateKey.generate(FederationTest.RANDOM), FederationTest.anyPort(), List.of());
    Node r1 =
        fed.registry(
            PrivateKey.generate(FederationTest.RANDOM),
            FederationTest.anyPort(),
            List.of(FederationTest.addr(r0)));
    Node r2 =
        fed.registry(
            PrivateKey.generate(FederationTest.RANDOM),
            FederationTest.anyPort(),
            List.of(FederationTest.addr(r0), FederationTest.addr(r1)));
    List<Node> regs = List.of(r0, r1, r2);
    FederationTest.await(
        "a full mesh",
        () ->
            regs.stream()
                .allMatch(
                    r -> r.federation().orElseThrow().gossip().mesh(Federation.TOPIC).size() == 2));

    PrivateKey pk = PrivateKey.generate(FederationTest.RANDOM);
    CapabilityDescriptor a = longLived(pk, "cap-a");
    Node publisher =
        Node.start(
            new NodeOptions(
                pk,
                List.of(FederationTest.anyPort()),
                List.of(),
                false,
                Optional.of(FederationTest.addr(r0)),
                List.of(a, longLived(pk, "cap-b")),
                "ap2p/test",
                Optional.empty()),
            FederationTest.CLOCK,
            s -> {});
    open.add(publisher);
    Finder finder = new Finder(publisher.host(), FederationTest.CLOCK);
    for (Node r : regs) {
      FederationTest.await("cap-a everywhere", () -> FederationTest.holds(r, finder, "cap-a"));
      FederationTest.await("cap-b everywhere", () -> FederationTest.holds(r, finder, "cap-b"));
    }
    Bytes registered = DescriptorSigning.sign(a, pk).toJsonBytes();

    // the publisher withdraws cap-a: a signed revocation to r0, replicated to r1 and r2
    publisher.provider().orElseThrow().withdraw("cap-a");
    for (Node r : regs) {
      FederationTest.await("cap-a gone", () -> !FederationTest.holds(r, finder, "cap-a"));
      assertThat(FederationTest.holds(r, finder, "cap-b")).isTrue();
    }
    // its seq cannot come back on any replica, straight or through the mesh
    for (Node r : regs) {
      RegistryMessage.Ack ack =
          send(publisher, FederationTest.addr(r), new RegistryMessage.Register(registered));
      assertThat(ack.status()).as(ack.toString()).isEqualTo(RegistryMessage.Status.REJECTED);
      assertThat(ack.reason()).isEqualTo("DESCRIPTOR_REVOKED"); // the revocation, not a mark
    }
    // a later re-publish is not affected by the revocation, replayed or not
    publisher.provider().orElseThrow().publish(longLived(pk, "cap-a"));
    for (Node r : regs) {
      FederationTest.await("cap-a back", () -> FederationTest.holds(r, finder, "cap-a"));
    }

    // the key declares itself compromised, to r2 only: every replica drops all its descriptors
    Bytes compromise =
        SignedRevocation.sign(
                new Revocation.Compromise(pk.publicKey(), FederationTest.CLOCK.millis()), pk)
            .encoded();
    RegistryMessage.Ack ack =
        send(publisher, FederationTest.addr(r2), new RegistryMessage.Revoke(compromise));
    assertThat(ack.detail()).startsWith("2 descriptor");
    for (Node r : regs) {
      FederationTest.await(
          "all gone",
          () ->
              !FederationTest.holds(r, finder, "cap-a")
                  && !FederationTest.holds(r, finder, "cap-b"));
    }
    assertThat(
            send(publisher, FederationTest.addr(r1), new RegistryMessage.Revoke(compromise))
                .status())
        .isEqualTo(RegistryMessage.Status.IGNORED);
  }
}
