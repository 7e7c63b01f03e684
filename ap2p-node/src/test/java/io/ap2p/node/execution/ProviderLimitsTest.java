package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.node.Node;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.store.TaskRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The provider's limits and the requester's controls on real nodes: oversized input refused before
 * it is read, a flood answered BUSY while others are served, cancel and deadline reaching an {@code
 * exec} child, a provider gone while its descriptor is still listed.
 */
@Tag("slow")
class ProviderLimitsTest extends ProviderNetworkTest {

  @Test
  void oversizedInputIsRefusedBeforeAnyInputIsSent() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    Connection c = r.host().connect(p.host().listenAddrs().get(0).withPeerId(p.host().peerId()));
    try (Stream s = c.newStream(TaskCodec.PROTOCOL)) {
      s.setReadTimeout(Duration.ofSeconds(5));
      // only the INVOKE: the answer must come without a byte of input
      TaskFrames.write(s.out(), invoke("echo", seq(p, "echo"), 1025));
      TaskMessage answer = TaskFrames.read(s.in(), TaskLimits.PROTOCOL).orElseThrow();
      assertThat(answer).isInstanceOf(TaskMessage.Error.class);
      assertThat(((TaskMessage.Error) answer).code()).isEqualTo(TaskErrorCode.INPUT_TOO_LARGE);
    }
  }

  @Test
  void theRequesterDoesNotSendInputADescriptorRulesOut() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    TaskRun.Snapshot done =
        r.workflows()
            .start(
                WorkflowSpec.single(
                    new Step("big", new CapabilityTag("test.echo"), RiskClass.LOW, 5000, List.of()),
                    Bytes.wrap(new byte[1025]),
                    "application/octet-stream"),
                "invoke")
            .done()
            .get(10, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(TaskRun.State.FAILED);
    assertThat(done.steps().get(0).failures()).singleElement().asString().contains("not sent");
    assertThat(p.tasks().counters().get("error.INPUT_TOO_LARGE")).isZero();
  }

  @Test
  void aFallbackToAnotherCapabilityOfTheSameProviderIsANewTask() throws Exception {
    serving(
        "p",
        ExecutionLimits.DEFAULTS,
        exec("broken", "test.twice", "exit 3", 5000, 1.0),
        exec("working", "test.twice", "cat", 5000, 0.5));
    Node r = net.requester("r");
    TaskRun.Snapshot done =
        r.workflows()
            .start(
                WorkflowSpec.single(
                    new Step(
                        "twice", new CapabilityTag("test.twice"), RiskClass.LOW, 10_000, List.of()),
                    Bytes.wrap("in".getBytes(StandardCharsets.UTF_8)),
                    "text/plain"),
                "invoke")
            .done()
            .get(20, TimeUnit.SECONDS);
    assertThat(done.state()).as(done.toString()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(done.steps().get(0).capability()).isEqualTo("working");
    assertThat(done.steps().get(0).attempts()).isEqualTo(2);
  }

  @Test
  void unknownCapabilityAndNewerSeqAreRefused() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    Connection c = r.host().connect(p.host().listenAddrs().get(0).withPeerId(p.host().peerId()));
    TaskClient.Outcome unknown =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(c, invoke("nope", 1, 0), Bytes.EMPTY, Duration.ofSeconds(5), (f, m) -> {});
    assertThat(unknown)
        .isEqualTo(
            new TaskClient.Outcome.Failed(
                TaskErrorCode.UNKNOWN_CAPABILITY, "not served here: nope"));
    TaskClient.Outcome future =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(
                c,
                invoke("echo", seq(p, "echo") + 1000, 0),
                Bytes.EMPTY,
                Duration.ofSeconds(5),
                (f, m) -> {});
    assertThat(future).isInstanceOf(TaskClient.Outcome.Failed.class);
    assertThat(((TaskClient.Outcome.Failed) future).code()).isEqualTo(TaskErrorCode.UNKNOWN_SEQ);
  }

  @Test
  void aFloodFromOneRequesterGetsBusyWhileOthersAreServed() throws Exception {
    ExecutionLimits tight = ExecutionLimits.DEFAULTS.withConcurrency(4, 1, 8, 1);
    Node p = serving("p", tight, exec("slow", "test.slow", "sleep 0.5; cat", 10_000));
    Node flooder = net.requester("flooder");
    Node polite = net.requester("polite");
    Connection fc =
        flooder.host().connect(p.host().listenAddrs().get(0).withPeerId(p.host().peerId()));
    Connection pc =
        polite.host().connect(p.host().listenAddrs().get(0).withPeerId(p.host().peerId()));
    long seq = seq(p, "slow");
    Bytes in = Bytes.wrap("x".getBytes(StandardCharsets.UTF_8));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<TaskClient.Outcome>> flood = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Callable<TaskClient.Outcome> call =
            () ->
                new TaskClient(TaskLimits.PROTOCOL)
                    .call(fc, invoke("slow", seq, 1), in, Duration.ofSeconds(10), (f, m) -> {});
        flood.add(pool.submit(call));
      }
      Thread.sleep(100);
      TaskClient.Outcome served =
          new TaskClient(TaskLimits.PROTOCOL)
              .call(pc, invoke("slow", seq, 1), in, Duration.ofSeconds(10), (f, m) -> {});
      assertThat(served).isInstanceOf(TaskClient.Outcome.Completed.class);
      int busy = 0;
      int done = 0;
      for (Future<TaskClient.Outcome> f : flood) {
        TaskClient.Outcome o = f.get(20, TimeUnit.SECONDS);
        if (o instanceof TaskClient.Outcome.Failed x && x.code() == TaskErrorCode.BUSY) {
          busy++;
        } else if (o instanceof TaskClient.Outcome.Completed) {
          done++;
        }
      }
      // one running and one queued per requester: at most two of the flood get through at once
      assertThat(busy).isGreaterThanOrEqualTo(15);
      assertThat(done).isBetween(1, 5);
      assertThat(p.tasks().counters().get("busy.REQUESTER_QUEUE_FULL")).isGreaterThan(0);
    }
  }

  @Test
  void cancelReachesTheProviderAndKillsTheCommand() throws Exception {
    Path pid = dir.resolve("pid-cancel");
    serving(
        "p",
        ExecutionLimits.DEFAULTS,
        exec("forever", "test.forever", "echo $$ > " + pid + "; exec sleep 1000", 60_000));
    Node r = net.requester("r");
    TaskRun run =
        r.workflows()
            .start(
                WorkflowSpec.single(
                    new Step(
                        "wait",
                        new CapabilityTag("test.forever"),
                        RiskClass.LOW,
                        60_000,
                        List.of()),
                    Bytes.wrap(new byte[] {1}),
                    "application/octet-stream"),
                "invoke");
    ProcessHandle sleeper = child(pid);
    assertThat(sleeper.isAlive()).isTrue();

    assertThat(r.workflows().cancel(run.id())).isTrue();

    TaskRun.Snapshot done = run.done().get(10, TimeUnit.SECONDS);
    assertThat(done.state()).isEqualTo(TaskRun.State.CANCELLED);
    LoopbackNetwork.await(() -> !sleeper.isAlive(), Duration.ofSeconds(10));
  }

  @Test
  void aDeadlineEndsTheStepAndKillsTheCommand() throws Exception {
    Path pid = dir.resolve("pid-deadline");
    Node p =
        serving(
            "p",
            ExecutionLimits.DEFAULTS,
            exec("slowpoke", "test.slowpoke", "echo $$ > " + pid + "; exec sleep 1000", 60_000));
    Node r = net.requester("r");
    TaskRun run =
        r.workflows()
            .start(
                WorkflowSpec.single(
                    new Step(
                        "wait", new CapabilityTag("test.slowpoke"), RiskClass.LOW, 1500, List.of()),
                    Bytes.wrap(new byte[] {1}),
                    "application/octet-stream"),
                "invoke");
    ProcessHandle sleeper = child(pid);

    TaskRun.Snapshot done = run.done().get(15, TimeUnit.SECONDS);

    assertThat(done.state()).isEqualTo(TaskRun.State.FAILED);
    assertThat(done.steps().get(0).failures()).anyMatch(f -> f.contains("timed out"));
    LoopbackNetwork.await(() -> !sleeper.isAlive(), Duration.ofSeconds(10));
    // the provider recorded the task as ended, not as running
    LoopbackNetwork.await(
        () ->
            p.database().get().tasks().recent(TaskRole.PROVIDER, 10).stream()
                .anyMatch(t -> !t.state().equals("RUNNING")),
        Duration.ofSeconds(10));
  }

  @Test
  void aProviderGoneWhileStillListedCostsOneAttempt() throws Exception {
    Node gone =
        serving("gone", ExecutionLimits.DEFAULTS, HostileProvider.boasting("text.summarize", 5000));
    Node honest = net.provider("honest", "text.summarize");
    Node r = net.requester("r");
    gone.close(); // its descriptor stays listed until its TTL

    TaskRun.Snapshot done =
        r.workflows()
            .start(
                WorkflowSpec.single(
                    new Step(
                        "sum",
                        new CapabilityTag("text.summarize"),
                        RiskClass.LOW,
                        10_000,
                        List.of()),
                    Bytes.wrap("One sentence. Another one.".getBytes(StandardCharsets.UTF_8)),
                    "text/plain"),
                "invoke")
            .done()
            .get(20, TimeUnit.SECONDS);

    assertThat(done.state()).isEqualTo(TaskRun.State.SUCCEEDED);
    assertThat(done.steps().get(0).provider()).contains(honest.host().peerId());
    assertThat(done.steps().get(0).attempts()).isEqualTo(2);
    assertThat(done.steps().get(0).failures().get(0)).contains("cannot reach");
  }
}
