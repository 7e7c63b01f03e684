package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.Node;
import io.ap2p.node.execution.workflow.WorkflowFile;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper's workflow over real nodes: generate an image on one peer, publish it on another. */
class PaperWorkflowTest {

  @TempDir Path dir;

  @Test
  void aProviderOfferingAttestationIsNotFailedByARequesterThatPinsNoAttestor() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      String caps =
          """
          {"capabilities": [{"builtin": "content.publish", "descriptor": {"verification":
            {"canaries": true, "receipts": true, "attestation": true, "attestors": []}}}]}
          """;
      Node provider =
          net.start(
              "attesting",
              false,
              java.util.Optional.of(net.registryAddr),
              io.ap2p.node.execution.capability.CapabilitiesFile.parse(
                  io.ap2p.core.wire.Bytes.wrap(caps.getBytes(StandardCharsets.UTF_8)), dir),
              ExecutionLimits.DEFAULTS);
      LoopbackNetwork.awaitDiscoverable(provider);
      Node requester = net.requester("requester");
      WorkflowSpec spec =
          WorkflowSpec.single(
              new io.ap2p.core.execution.Step(
                  "publish",
                  new io.ap2p.core.discovery.CapabilityTag("content.publish"),
                  io.ap2p.core.trust.RiskClass.HIGH,
                  10_000,
                  java.util.List.of()),
              io.ap2p.core.wire.Bytes.wrap("hello".getBytes(StandardCharsets.UTF_8)),
              "text/plain");

      TaskRun.Snapshot done =
          requester.workflows().start(spec, "invoke").done().get(20, TimeUnit.SECONDS);

      // the receipt is still required and checked; an attestation cannot be, with no attestor
      // pinned
      assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
      assertThat(done.steps().get(0).receipt()).isPresent();
    }
  }

  @Test
  void imageThenPublishAcrossRealPeers() throws Exception {
    try (LoopbackNetwork net = new LoopbackNetwork(dir)) {
      Node provider = net.provider("provider", "image.generate", "content.publish");
      Node requester = net.requester("requester");
      WorkflowSpec spec =
          WorkflowFile.parse(WorkflowFile.example().getBytes(StandardCharsets.UTF_8), dir);

      TaskRun run = requester.workflows().start(spec, "workflow");
      TaskRun.Snapshot done = run.done().get(30, TimeUnit.SECONDS);

      assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
      TaskRun.StepView generate = done.steps().get(0);
      TaskRun.StepView publish = done.steps().get(1);
      assertThat(generate.mediaType()).isEqualTo("image/png");
      var png = ImageIO.read(new ByteArrayInputStream(generate.output().get().toByteArray()));
      assertThat(png.getWidth()).isEqualTo(256);
      assertThat(generate.provider()).contains(provider.host().peerId());
      assertThat(publish.receipt()).isPresent(); // irreversible: full evidence
      assertThat(publish.receipt().get().body().capability()).isEqualTo("content-publish");
      assertThat(publish.receipt().get().body().tool()).isEqualTo("builtin/content.publish/1");
      // risk-aware: a newcomer gets a canary beside each real task, the irreversible step too
      assertThat(generate.canaries()).isEqualTo(1);
      assertThat(publish.canaries()).isEqualTo(1);
      assertThat(publish.canaryBytes()).isPositive();
      try (Stream<Path> published = Files.list(dir.resolve("provider").resolve("published"))) {
        // the generated image, and the canary's image beside it (a canary of a side effect has
        // that side effect: docs/verification.md)
        List<byte[]> files =
            published
                .map(
                    f -> {
                      try {
                        return Files.readAllBytes(f);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .toList();
        assertThat(files).hasSize(2);
        assertThat(files)
            .anyMatch(b -> java.util.Arrays.equals(b, generate.output().get().toByteArray()));
      }
      assertThat(provider.database().get().receipts().lastGivenHash()).isPresent();
      // the handler's trace is signed into the receipt, and the requester keeps it
      var trace = publish.receipt().get().body().trace();
      assertThat(trace.entries())
          .extracting(io.ap2p.core.trust.Trace.Entry::name)
          .containsExactly("store", "file");
      assertThat(trace.entries().get(1).digest())
          .isEqualTo(io.ap2p.core.trust.Digests.sha256(generate.output().get()));
      var stored =
          requester
              .database()
              .get()
              .receipts()
              .recent(io.ap2p.node.store.ReceiptDirection.RECEIVED, 10);
      assertThat(stored)
          .anySatisfy(
              r ->
                  assertThat(io.ap2p.core.trust.ReceiptCodec.decode(r.encoded()).body().trace())
                      .isEqualTo(trace));
    }
  }
}
