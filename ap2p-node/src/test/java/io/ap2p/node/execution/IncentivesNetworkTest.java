package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.incentives.ServicePolicy;
import io.ap2p.core.incentives.Stamp;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.trust.TierPolicy;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reciprocity ledger and the stranger's stamp on real nodes over loopback: refused without a
 * stamp, served with one (minted by the requester when asked), receipts counted on both sides and
 * the ledger rebuilt after a restart.
 */
@Tag("slow")
class IncentivesNetworkTest extends ProviderNetworkTest {

  static final long UNIT = 1_000_000;

  static ExecutionLimits strict(int bits, int maxMint) {
    return ExecutionLimits.DEFAULTS.withIncentives(
        new ExecutionLimits.Incentives(new ServicePolicy(UNIT, bits), maxMint));
  }

  @Test
  void aStrangerBelowTheMinimumNeedsAStampBoundToItsTask() throws Exception {
    Node p = serving("p", strict(8, 0), exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    Connection c = connect(r, p);
    TaskMessage.Invoke plain = invoke("echo", seq(p, "echo"), 2);
    TaskClient.Outcome refused = call(c, plain);
    assertThat(refused).isInstanceOf(TaskClient.Outcome.Failed.class);
    TaskClient.Outcome.Failed f = (TaskClient.Outcome.Failed) refused;
    assertThat(f.code()).isEqualTo(TaskErrorCode.CREDIT);
    assertThat(f.message()).contains("attach a stamp of 8 bits");
    assertThat(Stamps.asked(f.message())).isEqualTo(8);

    // a stamp minted for another task id does not count
    TaskMessage.Invoke other = invoke("echo", seq(p, "echo"), 2);
    Bytes wrong = Bytes.EMPTY;
    for (int i = 0;
        Stamp.bits(r.host().peerId(), p.host().peerId(), other.taskId(), other.nonce(), wrong) < 8
            && wrong.length() == 0;
        i++) {
      Bytes candidate =
          Stamp.mint(r.host().peerId(), p.host().peerId(), "other-" + i, other.nonce(), 8).stamp();
      // (a stamp for another task scores 8 bits here with probability 1/256: skip that one)
      if (Stamp.bits(r.host().peerId(), p.host().peerId(), other.taskId(), other.nonce(), candidate)
          < 8) {
        wrong = candidate;
      }
    }
    assertThat(call(c, other.withStamp(wrong))).isInstanceOf(TaskClient.Outcome.Failed.class);

    TaskMessage.Invoke fresh = invoke("echo", seq(p, "echo"), 2);
    Bytes right =
        Stamp.mint(r.host().peerId(), p.host().peerId(), fresh.taskId(), fresh.nonce(), 8).stamp();
    assertThat(call(c, fresh.withStamp(right))).isInstanceOf(TaskClient.Outcome.Completed.class);
    assertThat(p.tasks().counters().get("error.CREDIT")).isEqualTo(2);
  }

  @Test
  void aWorkflowMintsTheStampAskedForAndBothLedgersCountTheReceipt() throws Exception {
    Node p = serving("p", strict(10, 0), exec("echo", "test.echo", "cat", 5000));
    Node r = evidenceRequester("r", ExecutionLimits.DEFAULTS);
    TaskRun.Snapshot done = echo(r);
    assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(done.steps().get(0).attempts()).isEqualTo(1);
    // the provider gave one unit of work to r; r received one unit from p
    assertThat(p.tasks().reciprocity().balanceMicros(r.host().peerId())).isEqualTo(-UNIT);
    assertThat(r.tasks().reciprocity().balanceMicros(p.host().peerId())).isEqualTo(UNIT);
    // the requester kept the evidence of the step: the descriptor it chose and what it sent
    var db = r.database().orElseThrow();
    LoopbackNetwork.await(
        () -> !db.evidence().matching(done.id(), 10).isEmpty(), Duration.ofSeconds(10));
    var kept = db.evidence().matching(done.id(), 10);
    assertThat(kept)
        .singleElement()
        .satisfies(e -> assertThat(e.provider()).isEqualTo(p.host().peerId().toString()));

    // what it kept makes a dispute bundle that verifies offline
    var receipt = db.receipts().matching(done.id(), 10);
    assertThat(receipt).singleElement();
    var e = kept.get(0);
    var bundle =
        new io.ap2p.core.trust.dispute.DisputeBundle(
            done.id(),
            r.host().peerId().toString(),
            List.of(
                new io.ap2p.core.trust.dispute.DisputeBundle.Step(
                    e.taskId(),
                    Optional.of(e.sentTaskId()),
                    Optional.of(e.descriptor()),
                    Optional.of(e.requestDigest()),
                    Optional.of(e.nonce()),
                    receipt.get(0).encoded())));
    assertThat(
            String.join(
                "\n",
                io.ap2p.core.trust.dispute.DisputeVerifier.verify(
                    io.ap2p.core.trust.dispute.DisputeCodec.decode(
                        io.ap2p.core.trust.dispute.DisputeCodec.encode(bundle)))))
        .contains("receipt signed by provider " + p.host().peerId(), "verified:");

    // a requester that will not mint is refused
    Node stingy =
        evidenceRequester(
            "stingy",
            ExecutionLimits.DEFAULTS.withIncentives(
                new ExecutionLimits.Incentives(ServicePolicy.OPEN, 0)));
    TaskRun.Snapshot refused = echo(stingy);
    assertThat(refused.state()).isEqualTo(TaskRun.State.FAILED);
    assertThat(refused.steps().get(0).failures()).anySatisfy(s -> assertThat(s).contains("CREDIT"));
  }

  @Test
  void theLedgerIsRebuiltFromTheDatabaseAfterARestart() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = evidenceRequester("r", ExecutionLimits.DEFAULTS);
    assertThat(echo(r).state()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(echo(r).state()).isEqualTo(TaskRun.State.SUCCEEDED);
    var requester = r.host().peerId();
    assertThat(p.tasks().reciprocity().balanceMicros(requester)).isEqualTo(-2 * UNIT);
    p.close();
    net.nodes.remove(p);
    Node again =
        net.start("p", false, Optional.of(net.registryAddr), List.of(), ExecutionLimits.DEFAULTS);
    assertThat(again.tasks().reciprocity().balanceMicros(requester)).isEqualTo(-2 * UNIT);
    assertThat(again.tasks().reciprocity().ledger().account(requester).givenTasks()).isEqualTo(2);
  }

  @Test
  void aRequesterAskingForNoReceiptIsChargedAllTheSame() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    Connection c = connect(r, p);
    TaskMessage.Invoke noReceipt = invoke("echo", seq(p, "echo"), 2);
    assertThat(noReceipt.receiptWanted()).isFalse();
    TaskClient.Outcome o = call(c, noReceipt);
    assertThat(o).isInstanceOf(TaskClient.Outcome.Completed.class);
    assertThat(((TaskClient.Outcome.Completed) o).result().receipt()).isEmpty();
    // else receipt_wanted = false would be service that never lowers a free rider's balance
    var requester = r.host().peerId();
    assertThat(p.tasks().reciprocity().balanceMicros(requester)).isEqualTo(-UNIT);
    p.close();
    net.nodes.remove(p);
    Node again =
        net.start("p", false, Optional.of(net.registryAddr), List.of(), ExecutionLimits.DEFAULTS);
    assertThat(again.tasks().reciprocity().balanceMicros(requester)).isEqualTo(-UNIT);
  }

  private TaskRun.Snapshot echo(Node r) throws Exception {
    return r.workflows()
        .start(
            WorkflowSpec.single(
                new Step("echo", new CapabilityTag("test.echo"), RiskClass.LOW, 10_000, List.of()),
                Bytes.wrap("hi".getBytes(StandardCharsets.UTF_8)),
                "text/plain"),
            "invoke")
        .done()
        .get(30, TimeUnit.SECONDS);
  }

  /** A requester asking for a receipt on every step (the evidence policy). */
  private Node evidenceRequester(String name, ExecutionLimits limits) throws Exception {
    Node n =
        Node.start(
            new NodeOptions(
                    PrivateKey.generate(LoopbackNetwork.RANDOM),
                    List.of(LoopbackNetwork.loopback()),
                    List.of(),
                    false,
                    Optional.of(net.registryAddr),
                    List.of(),
                    "ap2p-test",
                    Optional.of(net.dir.resolve(name)),
                    NodeOptions.Discovery.REGISTRY,
                    io.ap2p.node.discovery.DhtService.DEFAULT_PROTOCOL)
                .withExecution(limits)
                .withTrust(
                    new TrustOptions(
                        TierPolicy.EVIDENCE,
                        Set.of(),
                        false,
                        Optional.empty(),
                        false,
                        Optional.empty(),
                        Optional.empty())),
            SystemClock.INSTANCE,
            line -> {});
    net.nodes.add(n);
    return n;
  }

  private static TaskClient.Outcome call(Connection c, TaskMessage.Invoke m) throws Exception {
    return new TaskClient(TaskLimits.PROTOCOL)
        .call(
            c,
            m,
            Bytes.wrap("hi".getBytes(StandardCharsets.UTF_8)),
            Duration.ofSeconds(10),
            (f, x) -> {});
  }
}
