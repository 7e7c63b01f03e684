package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.execution.Step;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.trust.RiskClass;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.node.Node;
import io.ap2p.node.execution.capability.CapabilitiesFile;
import io.ap2p.node.execution.capability.CapabilitySpec;
import io.ap2p.node.execution.handler.BuiltIns;
import io.ap2p.node.execution.workflow.WorkflowSpec;
import io.ap2p.node.store.TaskRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's limits and the requester's controls on real nodes: oversized input refused before
 * it is read, a flood answered BUSY while others are served, cancel and deadline reaching an {@code
 * exec} child, a provider gone while its descriptor is still listed.
 */
@Tag("slow")
class ProviderLimitsTest {

  @TempDir Path dir;
  LoopbackNetwork net;

  @BeforeEach
  void network() throws Exception {
    net = new LoopbackNetwork(dir);
  }

  @AfterEach
  void close() {
    net.close();
  }

  /** An exec capability {@code id} with tag {@code tag} running {@code sh -c script}. */
  static CapabilitySpec exec(String id, String tag, String script, long deadlineMs)
      throws Exception {
    return exec(id, tag, script, deadlineMs, 0.9);
  }

  /** As above, claiming {@code successRate} (a higher claim ranks first). */
  static CapabilitySpec exec(
      String id, String tag, String script, long deadlineMs, double successRate) throws Exception {
    ObjectNode t = (ObjectNode) Json.parse(BuiltIns.template("text.summarize").getBytes());
    t.putObject("qos")
        .put("latencyP50Ms", 100)
        .put("latencyP95Ms", 200)
        .put("successRate", successRate);
    t.put("id", id);
    ((ObjectNode) t.get("intent")).putArray("tags").add(tag);
    ((ObjectNode) t.get("constraints")).put("deadlineMs", deadlineMs).put("maxInputBytes", 1024);
    ObjectNode entry = Json.MAPPER.createObjectNode();
    ObjectNode handler = entry.putObject("handler");
    handler.put("type", "exec");
    handler.putArray("command").add("sh").add("-c").add(script);
    entry.set("descriptor", t);
    ObjectNode file = Json.MAPPER.createObjectNode();
    file.putArray("capabilities").add(entry);
    return CapabilitiesFile.parse(Bytes.wrap(Json.MAPPER.writeValueAsBytes(file)), Path.of(""))
        .get(0);
  }

  Node serving(String name, ExecutionLimits limits, CapabilitySpec... specs) throws Exception {
    Node n = net.start(name, false, Optional.of(net.registryAddr), List.of(specs), limits);
    LoopbackNetwork.awaitDiscoverable(n);
    return n;
  }

  static TaskMessage.Invoke invoke(String capability, long seq, long inputLength) {
    return new TaskMessage.Invoke(
        Long.toHexString(System.nanoTime()),
        capability,
        seq,
        "text/plain",
        inputLength,
        10_000,
        Bytes.wrap(new byte[16]),
        false);
  }

  static long seq(Node provider, String id) {
    return provider.provider().get().status().stream()
        .filter(s -> s.capabilityId().equals(id))
        .findFirst()
        .orElseThrow()
        .seq();
  }

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
  void hostileRequestersGetTheirStreamResetAndOthersAreStillServed() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Node r = net.requester("r");
    Connection c = r.host().connect(p.host().listenAddrs().get(0).withPeerId(p.host().peerId()));
    long seq = seq(p, "echo");
    List<byte[]> hostile =
        List.of(
            new byte[] {5, 1, 2, 3, 4, 5}, // not an envelope
            new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}, // 4 GiB frame
            TaskFramesBytes.frame(new TaskMessage.Data(Bytes.wrap(new byte[] {1}))), // DATA first
            TaskFramesBytes.truncated(invoke("echo", seq, 3)), // INVOKE cut short, then EOF
            TaskFramesBytes.concat( // more input than declared
                TaskFramesBytes.frame(invoke("echo", seq, 1)),
                TaskFramesBytes.frame(new TaskMessage.Data(Bytes.wrap(new byte[] {1, 2})))));
    for (byte[] bytes : hostile) {
      try (Stream s = c.newStream(TaskCodec.PROTOCOL)) {
        s.setReadTimeout(Duration.ofSeconds(5));
        s.out().write(bytes);
        s.closeWrite();
        // the provider resets (or closes) without a RESULT
        TaskMessage answer = readAnswer(s);
        assertThat(answer instanceof TaskMessage.Result).as("answered %s", answer).isFalse();
      }
    }
    assertThat(p.tasks().counters().get("violations")).isGreaterThanOrEqualTo(4);
    Bytes in = Bytes.wrap("still here".getBytes(StandardCharsets.UTF_8));
    TaskClient.Outcome ok =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(c, invoke("echo", seq, in.length()), in, Duration.ofSeconds(5), (f, m) -> {});
    assertThat(ok).isInstanceOf(TaskClient.Outcome.Completed.class);
    assertThat(((TaskClient.Outcome.Completed) ok).result().output()).isEqualTo(in);
  }

  /** The first frame the provider answers with, or null when it reset or closed without one. */
  private static TaskMessage readAnswer(Stream s) {
    try {
      return TaskFrames.read(s.in(), TaskLimits.PROTOCOL).orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  /** Raw frame bytes for hostile streams. */
  static final class TaskFramesBytes {
    static byte[] frame(TaskMessage m) {
      byte[] enc = TaskCodec.encode(m).toByteArray();
      return concat(io.ap2p.core.wire.Varint.encode(enc.length), enc);
    }

    static byte[] truncated(TaskMessage m) {
      byte[] f = frame(m);
      return java.util.Arrays.copyOf(f, f.length - 3);
    }

    static byte[] concat(byte[] a, byte[] b) {
      byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
  }

  static ExecutionLimits oneSlot() {
    return ExecutionLimits.DEFAULTS.withConcurrency(1, 1, 0, 0);
  }

  Connection connect(Node from, Node to) throws Exception {
    return from.host().connect(to.host().listenAddrs().get(0).withPeerId(to.host().peerId()));
  }

  static TaskMessage.Invoke invoke(String capability, long seq, long inputLength, long deadline) {
    return new TaskMessage.Invoke(
        Long.toHexString(System.nanoTime()),
        capability,
        seq,
        "text/plain",
        inputLength,
        deadline,
        Bytes.wrap(new byte[16]),
        false);
  }

  @Test
  void aRequesterThatNeverReadsItsAnswerHoldsNoSlot() throws Exception {
    Node p = serving("p", oneSlot(), exec("big", "test.big", "head -c 900000 /dev/zero", 5000));
    Connection slow = connect(net.requester("slow"), p);
    Connection fine = connect(net.requester("fine"), p);
    long seq = seq(p, "big");
    Stream stuck = slow.newStream(TaskCodec.PROTOCOL);
    TaskFrames.writeAll(
        stuck.out(),
        List.of(invoke("big", seq, 1), new TaskMessage.Data(Bytes.wrap(new byte[] {1}))));
    // never reads: the 900 kB answer fills the window and the provider's write waits
    Thread.sleep(1500);
    TaskClient.Outcome o =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(
                fine,
                invoke("big", seq, 1),
                Bytes.wrap(new byte[] {1}),
                Duration.ofSeconds(10),
                (f, m) -> {});
    assertThat(o).isInstanceOf(TaskClient.Outcome.Completed.class);
    stuck.reset();
  }

  @Test
  void inputThatNeverArrivesEndsAtTheDeadline() throws Exception {
    Node p = serving("p", oneSlot(), exec("echo", "test.echo", "cat", 60_000));
    Connection dribbler = connect(net.requester("dribbler"), p);
    Connection fine = connect(net.requester("fine"), p);
    long seq = seq(p, "echo");
    Stream s = dribbler.newStream(TaskCodec.PROTOCOL);
    // ten bytes promised with a one-second deadline, none sent: the slot is taken, then freed
    TaskFrames.write(s.out(), invoke("echo", seq, 10, 1000));
    Thread.sleep(300);
    TaskClient.Outcome meanwhile =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(
                fine,
                invoke("echo", seq, 1),
                Bytes.wrap(new byte[] {1}),
                Duration.ofSeconds(5),
                (f, m) -> {});
    assertThat(meanwhile).isInstanceOf(TaskClient.Outcome.Failed.class); // BUSY: one slot
    Thread.sleep(1500);
    TaskClient.Outcome after =
        new TaskClient(TaskLimits.PROTOCOL)
            .call(
                fine,
                invoke("echo", seq, 1),
                Bytes.wrap(new byte[] {1}),
                Duration.ofSeconds(5),
                (f, m) -> {});
    assertThat(after).isInstanceOf(TaskClient.Outcome.Completed.class);
  }

  @Test
  void aStreamAnsweredBeforeItsInputIsReadIsResetSoon() throws Exception {
    Node p = serving("p", ExecutionLimits.DEFAULTS, exec("echo", "test.echo", "cat", 5000));
    Connection c = connect(net.requester("r"), p);
    Stream s = c.newStream(TaskCodec.PROTOCOL);
    s.setReadTimeout(Duration.ofSeconds(5));
    TaskFrames.write(s.out(), invoke("nope", 1, 200_000));
    TaskMessage answer = TaskFrames.read(s.in(), TaskLimits.PROTOCOL).orElseThrow();
    assertThat(((TaskMessage.Error) answer).code()).isEqualTo(TaskErrorCode.UNKNOWN_CAPABILITY);
    // the provider does not keep what we send now: the stream is reset after the linger
    LoopbackNetwork.await(
        () -> {
          try {
            s.out().write(new byte[4096]);
            return false;
          } catch (java.io.IOException e) {
            return true;
          }
        },
        Duration.ofSeconds(10));
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
  void aTaskIdIsServedOnce() throws Exception {
    Path ran = dir.resolve("ran");
    Node p =
        serving(
            "p",
            ExecutionLimits.DEFAULTS,
            exec("count", "test.count", "echo x >> " + ran + "; cat", 5000));
    Connection c = connect(net.requester("r"), p);
    TaskMessage.Invoke once = invoke("count", seq(p, "count"), 1);
    Bytes in = Bytes.wrap(new byte[] {7});
    TaskClient.Outcome first =
        new TaskClient(TaskLimits.PROTOCOL).call(c, once, in, Duration.ofSeconds(5), (f, m) -> {});
    TaskClient.Outcome again =
        new TaskClient(TaskLimits.PROTOCOL).call(c, once, in, Duration.ofSeconds(5), (f, m) -> {});
    assertThat(first).isInstanceOf(TaskClient.Outcome.Completed.class);
    assertThat(again).isInstanceOf(TaskClient.Outcome.Failed.class);
    assertThat(((TaskClient.Outcome.Failed) again).code()).isEqualTo(TaskErrorCode.PROTOCOL);
    assertThat(Files.readAllLines(ran)).hasSize(1);
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

  /** Waits for {@code file} to hold a pid and returns its process. */
  static ProcessHandle child(Path file) throws Exception {
    LoopbackNetwork.await(
        () -> {
          try {
            return Files.exists(file) && !Files.readString(file).isBlank();
          } catch (java.io.IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(10));
    long pid = Long.parseLong(Files.readString(file).trim());
    return ProcessHandle.of(pid).orElseThrow();
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
