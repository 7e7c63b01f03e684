package io.ap2p.core.execution.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.task.RequesterSide.Event;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The requester's sequence rules, and whole answers through the codec. */
class RequesterSideTest {

  static final TaskLimits LIMITS = TaskLimits.PROTOCOL;

  final RequesterSide side = new RequesterSide(LIMITS);

  static TaskMessage.Result result(long length) {
    return new TaskMessage.Result("image/png", length, Optional.empty());
  }

  static TaskMessage.Data data(int n) {
    return new TaskMessage.Data(Bytes.wrap(new byte[n]));
  }

  @Test
  void progressIsCountedAndOneTooManyIsAViolation() {
    RequesterSide s = new RequesterSide(new TaskLimits(1 << 20, 1 << 10, 100, 1 << 20, 3, 60_000));
    for (int i = 0; i < 3; i++) {
      assertThat(s.onFrame(new TaskMessage.Progress(0.1 * i, "step " + i)))
          .isEqualTo(
              new Event.Progressed(new TaskMessage.Progress(0.1 * i, "").fraction(), "step " + i));
    }
    assertThat(s.onFrame(TaskSamples.PROGRESS)).isInstanceOf(Event.Violation.class);
    assertThat(s.done()).isTrue();

    int accepted = 0;
    while (side.onFrame(TaskSamples.PROGRESS) instanceof Event.Progressed) {
      accepted++;
    }
    assertThat(accepted).isEqualTo(1024);
  }

  @Test
  void anErrorEndsTheAttempt() {
    side.onFrame(TaskSamples.PROGRESS);
    assertThat(side.onFrame(new TaskMessage.Error(TaskErrorCode.BUSY, "full")))
        .isEqualTo(new Event.Failed(TaskErrorCode.BUSY, "full"));
    assertThat(side.done()).isTrue();
    assertThat(side.onEnd()).isEmpty();
    assertThat(side.onFrame(TaskSamples.PROGRESS)).isInstanceOf(Event.Violation.class);
  }

  @Test
  void aResultOverTheOutputLimitIsAViolationBeforeAnyData() {
    RequesterSide s = new RequesterSide(LIMITS.withMaxOutput(1000));
    assertThat(s.onFrame(result(1001))).isInstanceOf(Event.Violation.class);
    assertThat(s.done()).isTrue();
    assertThat(s.onFrame(data(1))).isInstanceOf(Event.Violation.class);
    RequesterSide ok = new RequesterSide(LIMITS.withMaxOutput(1000));
    assertThat(ok.onFrame(result(1000))).isEqualTo(new Event.OutputPart(0, 1000));
  }

  @Test
  void dataBeyondTheDeclaredOutputIsAViolation() {
    side.onFrame(result(10));
    assertThat(side.onFrame(data(6))).isEqualTo(new Event.OutputPart(6, 10));
    assertThat(side.onFrame(data(5))).isEqualTo(new Event.Violation("more output than declared"));

    RequesterSide after = new RequesterSide(LIMITS);
    after.onFrame(result(2));
    assertThat(after.onFrame(data(2))).isInstanceOf(Event.Completed.class);
    assertThat(after.onFrame(data(1))).isInstanceOf(Event.Violation.class);
  }

  @Test
  void framesARequesterSendsAreViolationsFromAProvider() {
    for (TaskMessage m :
        List.of(data(1), new TaskMessage.Cancel("x"), ProviderSideTest.invoke(1))) {
      assertThat(new RequesterSide(LIMITS).onFrame(m)).isInstanceOf(Event.Violation.class);
    }
  }

  @Test
  void anEarlyEndIsAViolation() {
    assertThat(new RequesterSide(LIMITS).onEnd()).containsInstanceOf(Event.Violation.class);
    RequesterSide progressed = new RequesterSide(LIMITS);
    progressed.onFrame(TaskSamples.PROGRESS);
    assertThat(progressed.onEnd()).containsInstanceOf(Event.Violation.class);
    side.onFrame(result(10));
    side.onFrame(data(9));
    assertThat(side.onEnd()).containsInstanceOf(Event.Violation.class);
    assertThat(side.done()).isTrue();
  }

  @Test
  void aZeroLengthOutputCompletesAtOnce() {
    TaskMessage.Result r =
        new TaskMessage.Result("text/plain", 0, Optional.of(TaskSamples.RECEIPT));
    assertThat(side.onFrame(r))
        .isEqualTo(
            new Event.Completed(
                new TaskResult(Bytes.EMPTY, Optional.of(TaskSamples.RECEIPT)), "text/plain"));
    assertThat(side.onEnd()).isEmpty();
    assertThat(side.onFrame(data(1))).isInstanceOf(Event.Violation.class);
  }

  @Test
  void aLargeOutputReassemblesByteForByteThroughTheCodec() throws Exception {
    byte[] out = new byte[(3 << 20) + 17];
    new Random(11).nextBytes(out);
    ProviderSide provider = new ProviderSide(LIMITS);
    provider.onFrame(ProviderSideTest.invoke(0));
    List<TaskMessage> frames =
        provider.result(Bytes.wrap(out), "application/octet-stream", Optional.empty());
    assertThat(frames).hasSize(1 + 13);
    List<Event> events = new ArrayList<>();
    for (TaskMessage m : frames) {
      events.add(side.onFrame(TaskCodec.decode(TaskCodec.encode(m), LIMITS)));
    }
    assertThat(events.getFirst()).isEqualTo(new Event.OutputPart(0, out.length));
    assertThat(events.get(1)).isEqualTo(new Event.OutputPart(LIMITS.maxChunk(), out.length));
    Event last = events.getLast();
    assertThat(last).isInstanceOf(Event.Completed.class);
    Event.Completed done = (Event.Completed) last;
    assertThat(done.mediaType()).isEqualTo("application/octet-stream");
    assertThat(done.result().output().toByteArray()).isEqualTo(out);
    assertThat(done.result().receipt()).isEmpty();
    assertThat(side.onEnd()).isEmpty();
  }

  @Test
  void progressBetweenTheOutputChunksIsAViolation() {
    ProviderSide provider = new ProviderSide(LIMITS);
    provider.onFrame(ProviderSideTest.invoke(0));
    List<TaskMessage> frames =
        provider.result(Bytes.wrap(new byte[600_000]), "image/png", Optional.empty());
    assertThat(side.onFrame(frames.get(0))).isInstanceOf(Event.OutputPart.class);
    assertThat(side.onFrame(frames.get(1))).isInstanceOf(Event.OutputPart.class);
    assertThat(side.onFrame(TaskSamples.PROGRESS)).isInstanceOf(Event.Violation.class);
    assertThat(side.onFrame(frames.get(2))).isInstanceOf(Event.Violation.class);
    // a second RESULT is no better
    RequesterSide twice = new RequesterSide(LIMITS);
    twice.onFrame(frames.get(0));
    assertThat(twice.onFrame(frames.get(0))).isInstanceOf(Event.Violation.class);
  }

  /** Both state machines through the codec: the documented example, start to finish. */
  @Test
  void theExampleConversationRunsToCompletion() throws Exception {
    ProviderSide provider = new ProviderSide(LIMITS);
    List<ProviderSide.Event> seen = new ArrayList<>();
    for (TaskMessage m : List.of(TaskSamples.INVOKE, new TaskMessage.Data(TaskSamples.INPUT))) {
      seen.add(provider.onFrame(TaskCodec.decode(TaskCodec.encode(m), LIMITS)));
    }
    assertThat(seen)
        .containsExactly(
            new ProviderSide.Event.Invoked(TaskSamples.INVOKE),
            new ProviderSide.Event.InputComplete(TaskSamples.INPUT));
    List<TaskMessage> answer = new ArrayList<>();
    answer.add(provider.progress(0.5, "sampling").orElseThrow());
    answer.addAll(
        provider.result(TaskSamples.OUTPUT, "image/png", Optional.of(TaskSamples.RECEIPT)));
    assertThat(answer)
        .containsExactlyElementsOf(List.copyOf(TaskSamples.example().values()).subList(2, 5));
    Event last = null;
    for (TaskMessage m : answer) {
      last = side.onFrame(TaskCodec.decode(TaskCodec.encode(m), LIMITS));
    }
    assertThat(last)
        .isEqualTo(
            new Event.Completed(
                new TaskResult(TaskSamples.OUTPUT, Optional.of(TaskSamples.RECEIPT)), "image/png"));
  }
}
