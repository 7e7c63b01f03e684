package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Stream;
import io.ap2p.node.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Requesters that misbehave toward a provider: garbage and out-of-order frames, an answer never
 * read, input that never arrives, input sent after an early refusal, a reused task id. Each is
 * contained (stream reset, slot freed, nothing run twice) and other requesters are served.
 */
@Tag("slow")
class HostileRequesterTest extends ProviderNetworkTest {

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
}
