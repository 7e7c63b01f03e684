package io.ap2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.node.discovery.RegistryProtocol;
import io.ap2p.node.store.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that prices identities, on real loopback connections: a publisher without a proof is
 * refused with the bits to mint, mints them off its event thread, is admitted, and keeps its proof
 * across a restart; forged proofs are refused with their reason and the registry keeps serving.
 */
class IdentityPriceNetworkTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final int BITS = 10;
  static final Duration WAIT = Duration.ofSeconds(30);

  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  Node registry(int bits) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(RANDOM),
                    List.of(RegistryModeTest.anyPort()),
                    List.of(),
                    true,
                    Optional.empty(),
                    List.of(),
                    "ap2p/test",
                    Optional.empty())
                .withIdentityPrice(new IdentityPriceOptions(bits, 0)),
            SystemClock.INSTANCE,
            s -> {});
    open.add(n);
    return n;
  }

  Node publisher(PrivateKey key, Node registry, Optional<Path> dir, int maxBits, List<String> log)
      throws Exception {
    return publisher(key, addr(registry), dir, maxBits, log);
  }

  Node publisher(
      PrivateKey key, Multiaddr registry, Optional<Path> dir, int maxBits, List<String> log)
      throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    key,
                    List.of(RegistryModeTest.anyPort()),
                    List.of(),
                    false,
                    Optional.of(registry),
                    List.of(RegistryModeTest.template(key, "img", "image.generate", "img")),
                    "ap2p/test",
                    dir)
                .withIdentityPrice(new IdentityPriceOptions(0, maxBits)),
            SystemClock.INSTANCE,
            log::add);
    open.add(n);
    return n;
  }

  static Multiaddr addr(Node n) {
    return n.host().listenAddrs().get(0).withPeerId(n.host().peerId());
  }

  static boolean registered(Node publisher) {
    var st = publisher.provider().orElseThrow().status();
    return !st.isEmpty() && st.get(0).registered();
  }

  static String verdict(Node publisher) {
    return publisher.provider().orElseThrow().status().get(0).lastVerdict().orElse("");
  }

  static List<Bytes> found(Connection c) throws Exception {
    return ((RegistryMessage.Found)
            RegistryProtocol.PROTOCOL
                .call(c, new RegistryMessage.Find(Query.forTag(new CapabilityTag("image"), 10)))
                .orElseThrow())
        .descriptors();
  }

  @Test
  void aPublisherWithoutAProofIsRefusedMintsOneAndIsAdmitted(@TempDir Path dir) throws Exception {
    Node registry = registry(BITS);
    PrivateKey key = PrivateKey.generate(RANDOM);
    List<String> log = new CopyOnWriteArrayList<>();
    Node p = publisher(key, registry, Optional.of(dir), 24, log);
    RegistryModeTest.await("admitted after minting", WAIT, () -> registered(p));
    // it was refused first, asked for the bits, minted them in the background and registered
    assertThat(log).anyMatch(l -> l.startsWith("minting an identity proof of " + BITS + " bits"));
    assertThat(log).anyMatch(l -> l.startsWith("identity proof of "));
    IdentityProof.Minted kept =
        p.database().orElseThrow().identityProofs().get(key.peerId()).orElseThrow();
    assertThat(kept.bits()).isGreaterThanOrEqualTo(BITS);
    assertThat(IdentityProof.bits(key.peerId(), kept.counter())).isEqualTo(kept.bits());
    Host client = Host.start(HostConfig.of(PrivateKey.generate(RANDOM), List.of(), "ap2p/test"));
    open.add(client);
    assertThat(found(client.connect(addr(registry)))).hasSize(1);
  }

  @Test
  void aPublisherThatWillNotPayThatMuchStaysRefusedAndSaysWhy() throws Exception {
    Node registry = registry(BITS);
    List<String> log = new CopyOnWriteArrayList<>();
    Node p = publisher(PrivateKey.generate(RANDOM), registry, Optional.empty(), BITS - 2, log);
    RegistryModeTest.await(
        "refused for want of a proof", WAIT, () -> verdict(p).contains("IDENTITY_PROOF_REQUIRED"));
    assertThat(registered(p)).isFalse();
    RegistryModeTest.await(
        "the reason logged",
        WAIT,
        () -> log.stream().anyMatch(l -> l.contains("--max-identity-bits " + (BITS - 2))));
    assertThat(log).noneMatch(l -> l.startsWith("minting"));
  }

  @Test
  void aRegistryAskingMoreThan32BitsIsReadAndRefusedWithTheReason() throws Exception {
    // a registry (a future or foreign one) asking 40 bits: what it asks is its policy, so the
    // Ack decodes, and the publisher says it will not mint that much instead of a wire error
    Host foreign =
        Host.start(
            HostConfig.of(
                PrivateKey.generate(RANDOM), List.of(RegistryModeTest.anyPort()), "ap2p/test"));
    open.add(foreign);
    RegistryProtocol.PROTOCOL.serve(
        foreign,
        (peer, request) ->
            Optional.of(
                new RegistryMessage.Ack(
                    RegistryMessage.Status.REJECTED,
                    "IDENTITY_PROOF_REQUIRED",
                    "this registry requires an identity proof of 40 bits",
                    0,
                    40)));
    List<String> log = new CopyOnWriteArrayList<>();
    Node p =
        publisher(
            PrivateKey.generate(RANDOM),
            foreign.listenAddrs().get(0).withPeerId(foreign.peerId()),
            Optional.empty(),
            24,
            log);
    RegistryModeTest.await(
        "refused for want of a proof", WAIT, () -> verdict(p).contains("IDENTITY_PROOF_REQUIRED"));
    RegistryModeTest.await(
        "the reason logged",
        WAIT,
        () -> log.stream().anyMatch(l -> l.contains("40 bits, more than this node mints")));
    assertThat(registered(p)).isFalse();
    assertThat(log).noneMatch(l -> l.startsWith("minting"));
  }

  @Test
  void forgedProofsAreRefusedWithTheirReasonAndTheRegistryKeepsServing() throws Exception {
    Node registry = registry(BITS);
    PrivateKey key = PrivateKey.generate(RANDOM);
    PrivateKey other = PrivateKey.generate(RANDOM);
    Host client = Host.start(HostConfig.of(key, List.of(), "ap2p/test"));
    open.add(client);
    Connection c = client.connect(addr(registry));
    Bytes json = signed(key);
    RegistryMessage.Ack none = register(c, json, Bytes.EMPTY);
    assertThat(none.reason()).isEqualTo("IDENTITY_PROOF_REQUIRED");
    assertThat(none.identityBits()).isEqualTo(BITS);
    // another key's valid proof, replayed by this one (a rotated-away key's proof is the same case)
    Bytes theirs = IdentityProof.mint(other.peerId(), BITS).counter();
    if (IdentityProof.bits(key.peerId(), theirs) < BITS) { // 2^-10 that it holds by chance
      RegistryMessage.Ack replayed = register(c, json, theirs);
      assertThat(replayed.reason()).isEqualTo("IDENTITY_PROOF_INVALID");
      assertThat(replayed.identityBits()).isEqualTo(BITS);
    }
    // too few bits
    IdentityProof.Minted weak = IdentityProof.mint(key.peerId(), 2);
    if (weak.bits() < BITS) {
      assertThat(register(c, json, weak.counter()).detail()).contains("gives " + weak.bits());
    }
    // truncated
    Bytes good = IdentityProof.mint(key.peerId(), BITS).counter();
    assertThat(register(c, json, good.slice(0, 7)).reason()).isEqualTo("IDENTITY_PROOF_INVALID");
    // oversized beyond the codec's limit: the stream is reset, the connection lives on
    try (Stream s = c.newStream(RegistryProtocol.PROTOCOL.protocol())) {
      LengthPrefixed.write(
          s.out(),
          Bytes.fromHex("0801" + "12" + "47" + "0a027b7d" + "1241" + "00".repeat(65))
              .toByteArray());
      s.setReadTimeout(Duration.ofSeconds(5));
      assertThatThrownBy(() -> s.in().read()).hasMessageContaining("reset");
    }
    assertThat(c.isClosed()).isFalse();
    assertThat(found(c)).isEmpty();
    // the real proof is taken on the same connection, and the registry answers queries
    RegistryMessage.Ack ok = register(c, json, good);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(found(c)).containsExactly(json);
  }

  @Test
  void theProofSurvivesARestartAndIsNotPaidAgain(@TempDir Path dir) throws Exception {
    PrivateKey key = PrivateKey.generate(RANDOM);
    List<String> first = new CopyOnWriteArrayList<>();
    Node p = publisher(key, registry(BITS), Optional.of(dir), 24, first);
    RegistryModeTest.await("admitted", WAIT, () -> registered(p));
    assertThat(first).anyMatch(l -> l.startsWith("minting"));
    p.close();
    open.remove(p);
    // a registry that has never seen it: the first registration carries the kept proof
    List<String> second = new CopyOnWriteArrayList<>();
    Node again = publisher(key, registry(BITS), Optional.of(dir), 24, second);
    RegistryModeTest.await("admitted again", WAIT, () -> registered(again));
    assertThat(second).noneMatch(l -> l.startsWith("minting"));
    assertThat(verdict(again)).startsWith("ACCEPTED");
    again.close();
    open.remove(again);
    // another key in the same data directory has no proof (the proof is bound to the key)
    try (Database db = Database.open(dir)) {
      assertThat(db.identityProofs().get(PrivateKey.generate(RANDOM).peerId())).isEmpty();
      assertThat(db.identityProofs().get(key.peerId())).isPresent();
    }
  }

  static Bytes signed(PrivateKey key) throws Exception {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    SignedDescriptor sd =
        io.ap2p.core.discovery.DescriptorSigning.sign(
            RegistryModeTest.template(key, "img", "image.generate", "img")
                .issuedAs(key.peerId(), now.toEpochMilli(), now),
            key);
    return sd.toJsonBytes();
  }

  static RegistryMessage.Ack register(Connection c, Bytes json, Bytes proof) throws Exception {
    return (RegistryMessage.Ack)
        RegistryProtocol.PROTOCOL.call(c, new RegistryMessage.Register(json, proof)).orElseThrow();
  }
}
