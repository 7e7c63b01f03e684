package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.discovery.Finder;
import io.ap2p.node.discovery.RegistryProtocol;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.store.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation on real loopback nodes: a provider earns reputation and reciprocity with a
 * requester, hands its identity over to a new key, and is found and trusted as before under it
 * (after a restart too); the old key's descriptors leave the registry's answers at once; a forged
 * or replayed hand-over changes nothing.
 */
@Tag("slow")
class RotationNetworkTest {

  @TempDir Path dir;
  LoopbackNetwork net;
  Node old;
  Node requester;
  final CapabilityTag tag = new CapabilityTag("text.summarize");

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
    old = net.provider("old", "text.summarize");
    requester = net.requester("requester");
  }

  @AfterEach
  void close() {
    net.close();
  }

  RegistryMessage.Ack revoke(Node from, Bytes signed) throws Exception {
    return (RegistryMessage.Ack)
        RegistryProtocol.PROTOCOL
            .call(from.host(), net.registryAddr, new RegistryMessage.Revoke(signed))
            .orElseThrow();
  }

  List<PeerId> providersFound() throws Exception {
    return new Finder(requester.host(), SystemClock.INSTANCE)
        .find(net.registryAddr, Query.forTag(tag, 20), TrustView.NONE).matches().stream()
            .map(m -> m.descriptor().descriptor().peer())
            .toList();
  }

  @Test
  void aRotatedKeyIsFoundAndTrustedAsBefore() throws Exception {
    delegate();
    PeerId a = old.host().peerId();
    double before = requester.trust().overallScore(a);
    assertThat(before).isPositive();
    Reciprocity ledger = requester.tasks().reciprocity();
    assertThat(ledger.ledger().account(a).receivedTasks()).isEqualTo(1);

    // a stranger cannot hand a's identity over to itself: a's signature is missing
    PrivateKey thief = PrivateKey.generate(LoopbackNetwork.RANDOM);
    Revocation stolen =
        new Revocation.Rotation(
            old.options().identity().publicKey(), thief.publicKey(), System.currentTimeMillis());
    Bytes body = RevocationCodec.encodeBody(stolen);
    Bytes forged =
        new SignedRevocation(
                stolen,
                body,
                thief.sign(SignedRevocation.DOMAIN, body),
                thief.sign(SignedRevocation.SUCCESSOR_DOMAIN, body))
            .encoded();
    assertThat(revoke(requester, forged).reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(providersFound()).containsExactly(a);

    // the real hand-over: a's descriptor leaves the answers at once, while a still runs
    PrivateKey b = PrivateKey.generate(LoopbackNetwork.RANDOM);
    Bytes handOver =
        SignedRevocation.rotate(old.options().identity(), b, System.currentTimeMillis()).encoded();
    RegistryMessage.Ack ack = revoke(old, handOver);
    assertThat(ack.status()).isEqualTo(RegistryMessage.Status.ACCEPTED);
    assertThat(ack.detail()).startsWith("1 descriptor");
    assertThat(providersFound()).isEmpty();
    assertThat(revoke(old, handOver).status()).isEqualTo(RegistryMessage.Status.IGNORED);

    // the successor serves the same capability; the requester finds it, learns the hand-over
    // from the registry, and trusts it as it trusted a
    Node successor = start("new", b);
    LoopbackNetwork.awaitDiscoverable(successor);
    assertThat(providersFound()).containsExactly(b.peerId());
    delegate();
    assertThat(requester.trust().revocations().successor(a)).contains(b.peerId());
    assertThat(requester.trust().entry(a)).isEmpty();
    assertThat(requester.trust().overallScore(b.peerId())).isGreaterThan(before);
    assertThat(ledger.ledger().account(b.peerId()).receivedTasks()).isEqualTo(2);
    assertThat(ledger.ledger().account(a).receivedTasks()).isZero();
    LoopbackNetwork.await(
        () -> requester.trust().history(b.peerId(), 10).size() == 2, Duration.ofSeconds(5));
    assertThat(requester.trust().history(b.peerId(), 10))
        .extracting(Outcome::ok)
        .containsOnly(true);
    double after = requester.trust().overallScore(b.peerId());

    // a's refreshes are refused from now on, though its node keeps running
    var template =
        io.ap2p.core.discovery.DescriptorSigning.fromTemplate(
            io.ap2p.core.wire.Json.MAPPER.readTree(
                io.ap2p.core.discovery.DescriptorExamples.imageGenerationTemplate()),
            old.options().identity(),
            java.time.Instant.now());
    Bytes refresh =
        io.ap2p.core.discovery.DescriptorSigning.sign(template, old.options().identity())
            .toJsonBytes();
    RegistryMessage refused =
        RegistryProtocol.PROTOCOL
            .call(old.host(), net.registryAddr, new RegistryMessage.Register(refresh))
            .orElseThrow();
    assertThat(((RegistryMessage.Ack) refused).reason()).isEqualTo("KEY_ROTATED");

    // a restart forgets neither the hand-over nor what it carried
    Node again = restart();
    assertThat(again.trust().overallScore(b.peerId())).isCloseTo(after, within(1e-3));
    assertThat(again.trust().entry(a)).isEmpty();
    assertThat(again.tasks().reciprocity().ledger().account(b.peerId()).receivedTasks())
        .isEqualTo(2);
    assertThat(again.trust().revocations().refusal(a)).isPresent();
  }

  Node start(String name, PrivateKey key) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    key,
                    List.of(LoopbackNetwork.loopback()),
                    List.of(),
                    false,
                    Optional.of(net.registryAddr),
                    List.of(),
                    "ap2p-test",
                    Optional.of(dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .serving(List.of(CapabilitySpec.forBuiltin("text.summarize"))),
            SystemClock.INSTANCE,
            line -> {});
    net.nodes.add(n);
    return n;
  }

  private Node restart() throws Exception {
    requester.close();
    net.nodes.remove(requester);
    return net.start(
        "requester", false, Optional.of(net.registryAddr), List.of(), ExecutionLimits.DEFAULTS);
  }

  private void delegate() throws Exception {
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step("summarize", tag, RiskClass.HIGH, 20_000, List.of()), // receipts checked
            Bytes.wrap("Peers publish. Requesters find.".getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    assertThat(requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS).state())
        .isEqualTo(TaskRun.State.SUCCEEDED);
  }
}
