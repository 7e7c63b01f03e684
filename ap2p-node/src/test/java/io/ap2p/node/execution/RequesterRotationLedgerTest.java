package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.incentives.ReciprocityLedger;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A requester's rotation on real loopback nodes: its account at a provider follows it to the new
 * key on first contact (the provider asks the stranger for its hand-overs), without a restart of
 * the provider and after one; receipts the provider gives the new key add to the carried account.
 */
@Tag("slow")
class RequesterRotationLedgerTest {

  @TempDir Path dir;
  LoopbackNetwork net;
  Node provider;
  Node requester;
  final CapabilityTag tag = new CapabilityTag("text.summarize");

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
    provider = net.provider("provider", "text.summarize");
    requester = net.requester("requester");
  }

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void theProviderCarriesARotatedRequestersAccountWithoutAndAfterARestart() throws Exception {
    delegate();
    delegate();
    PeerId a = requester.host().peerId();
    ReciprocityLedger.Account before = ledgerOf(provider).account(a);
    assertThat(before.givenTasks()).isEqualTo(2);

    // the requester rotates as `ap2p key rotate` does: stopped, the hand-over kept in its own
    // database, started again under the new key
    PrivateKey old = requester.options().identity();
    PrivateKey b = PrivateKey.generate(LoopbackNetwork.RANDOM);
    Bytes handOver = SignedRevocation.rotate(old, b, System.currentTimeMillis()).encoded();
    requester.close();
    net.nodes.remove(requester);
    try (Database db = Database.open(dir.resolve("requester"))) {
      db.revocations()
          .add(
              a.toString(),
              handOver,
              RevocationLimits.DEFAULTS.retainUntil(
                  io.ap2p.core.trust.revocation.RevocationCodec.decode(handOver).revocation()));
    }
    requester = start("requester", b, List.of());

    // first contact under the new key: the provider learns the hand-over from the requester and
    // serves it with the old key's account, then adds the new receipt to it
    delegate();
    assertThat(ledgerOf(provider).account(b.peerId()).givenTasks()).isEqualTo(3);
    assertThat(ledgerOf(provider).account(b.peerId()).givenMicros())
        .isGreaterThan(before.givenMicros());
    assertThat(ledgerOf(provider).account(a)).isEqualTo(ReciprocityLedger.Account.EMPTY);
    assertThat(provider.trust().revocations().successor(a)).contains(b.peerId());

    // the provider restarts: the ledger, rebuilt from receipts, says the same
    PrivateKey providerKey = provider.options().identity();
    provider.close();
    net.nodes.remove(provider);
    provider = start("provider", providerKey, List.of(CapabilitySpec.forBuiltin("text.summarize")));
    assertThat(ledgerOf(provider).account(b.peerId()).givenTasks()).isEqualTo(3);
    assertThat(ledgerOf(provider).account(a)).isEqualTo(ReciprocityLedger.Account.EMPTY);
  }

  static ReciprocityLedger ledgerOf(Node n) {
    return n.tasks().reciprocity().ledger();
  }

  Node start(String name, PrivateKey key, List<CapabilitySpec> serve) throws Exception {
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
                .serving(serve),
            SystemClock.INSTANCE,
            line -> {});
    net.nodes.add(n);
    if (!serve.isEmpty()) {
      LoopbackNetwork.awaitDiscoverable(n);
    }
    return n;
  }

  private void delegate() throws Exception {
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step("summarize", tag, RiskClass.HIGH, 20_000, List.of()),
            Bytes.wrap("Peers publish. Requesters find.".getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    assertThat(requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS).state())
        .isEqualTo(TaskRun.State.SUCCEEDED);
  }
}
