package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.Node;
import io.ap2p.node.NodeOptions;
import io.ap2p.node.TrustOptions;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --explore} on real nodes: with every defence on, a requester keeps going back to the
 * provider it trusts and never tries a newcomer; one that explores with probability 1 tries the
 * newcomer, the one provider in the answer it has no record of, with a canary first, and only for a
 * capability it can make canaries for. No timing: each run is awaited.
 */
class ExploreNetworkTest {

  @TempDir Path dir;

  static final CapabilityTag IMAGE = new CapabilityTag("image.generate");

  static final CapabilityTag SUMMARY = new CapabilityTag("text.summarize");

  static Node requester(LoopbackNetwork net, String name, RequesterDefences d) throws Exception {
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
                .withTrust(TrustOptions.DEFAULTS.withDefences(d)),
            SystemClock.INSTANCE,
            line -> {});
    net.nodes.add(n);
    return n;
  }

  /** The step of one run of {@code tag} for {@code requester} (built-in canaries: images only). */
  static TaskRun.StepView served(Node requester, CapabilityTag tag) throws Exception {
    String input =
        tag.equals(IMAGE)
            ? "a fox in the snow"
            : "Peers publish signed descriptors. Requesters find them.";
    WorkflowSpec spec =
        WorkflowSpec.single(
            new Step("one", tag, RiskClass.LOW, 20_000, List.of()),
            Bytes.wrap(input.getBytes(StandardCharsets.UTF_8)),
            "text/plain");
    TaskRun.Snapshot done =
        requester.workflows().start(spec, "invoke").done().get(30, TimeUnit.SECONDS);
    assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
    return done.steps().get(0);
  }

  static PeerId by(TaskRun.StepView step) {
    return step.provider().orElseThrow();
  }

  @Test
  void aRequesterThatExploresTriesTheNewcomerWithACanaryOneThatDoesNotKeepsToWhomItTrusts()
      throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node incumbent = net.provider("incumbent", IMAGE.value());
      Node plain = requester(net, "plain", RequesterDefences.ALL);
      Node exploring = requester(net, "exploring", RequesterDefences.ALL.exploring(1));
      // both come to trust the only provider there is
      assertThat(by(served(plain, IMAGE))).isEqualTo(incumbent.host().peerId());
      assertThat(by(served(exploring, IMAGE))).isEqualTo(incumbent.host().peerId());

      Node newcomer = net.provider("newcomer", IMAGE.value());
      for (int i = 0; i < 3; i++) {
        assertThat(by(served(plain, IMAGE))).as("run %d", i).isEqualTo(incumbent.host().peerId());
      }
      assertThat(plain.workflows().reputation().known(newcomer.host().peerId())).isFalse();
      TaskRun.StepView explored = served(exploring, IMAGE);
      assertThat(by(explored)).isEqualTo(newcomer.host().peerId());
      // the newcomer answered a canary before it got the real task
      assertThat(explored.canaries()).isPositive();
      // once tried, the newcomer is no stranger: nothing is left to explore, the trusted go first
      assertThat(exploring.workflows().reputation().known(newcomer.host().peerId())).isTrue();
    }
  }

  @Test
  void withoutACanaryForTheCapabilityAnExploringRequesterSendsNoStrangerTheRealTask()
      throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node incumbent = net.provider("incumbent", SUMMARY.value());
      Node exploring = requester(net, "exploring", RequesterDefences.ALL.exploring(1));
      assertThat(by(served(exploring, SUMMARY))).isEqualTo(incumbent.host().peerId());
      Node newcomer = net.provider("newcomer", SUMMARY.value());
      for (int i = 0; i < 3; i++) {
        // no canary can be made for text.summarize: no exploration, the trusted provider serves
        assertThat(by(served(exploring, SUMMARY)))
            .as("run %d", i)
            .isEqualTo(incumbent.host().peerId());
      }
      assertThat(exploring.workflows().reputation().known(newcomer.host().peerId())).isFalse();
    }
  }
}
