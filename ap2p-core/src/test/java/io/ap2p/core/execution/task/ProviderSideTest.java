package io.ap2p.core.execution.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.execution.task.ProviderSide.Event;
import io.ap2p.core.wire.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provider's sequence rules, one at a time. */
class ProviderSideTest {

  static final TaskLimits LIMITS = TaskLimits.PROTOCOL;

  final ProviderSide side = new ProviderSide(LIMITS);

  static TaskMessage.Invoke invoke(long inputLength) {
    return new TaskMessage.Invoke(
        "t-1", "image-gen", 7, "application/json", inputLength, 30_000, TaskSamples.NONCE, true);
  }

  static TaskMessage.Data data(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return new TaskMessage.Data(Bytes.wrap(b));
  }

  @Test
  void anythingButInvokeFirstIsAViolation() {
    List<TaskMessage> others =
        List.of(
            data(1, 0),
            new TaskMessage.Cancel("x"),
            TaskSamples.PROGRESS,
            TaskSamples.RESULT,
            new TaskMessage.Error(TaskErrorCode.FAILED, ""));
    for (TaskMessage m : others) {
      ProviderSide s = new ProviderSide(LIMITS);
      assertThat(s.onFrame(m)).as(ProviderSide.name(m)).isInstanceOf(Event.Violation.class);
      assertThat(s.done()).isTrue();
      assertThat(s.onFrame(invoke(0))).isInstanceOf(Event.Violation.class);
    }
  }

  @Test
  void exactlyTheDeclaredInputRunsTheTask() {
    assertThat(side.onFrame(invoke(10))).isEqualTo(new Event.Invoked(invoke(10)));
    assertThat(side.inputIfEmpty()).isEmpty();
    assertThat(side.onFrame(data(4, 1))).isEqualTo(new Event.InputPart(4));
    assertThat(side.onFrame(data(5, 2))).isEqualTo(new Event.InputPart(9));
    assertThat(side.onFrame(data(1, 3)))
        .isEqualTo(new Event.InputComplete(Bytes.fromHex("01010101020202020203")));
    assertThat(side.done()).isFalse();
    // RUNNING: more DATA is a violation
    assertThat(side.onFrame(data(1, 4))).isInstanceOf(Event.Violation.class);
    assertThat(side.done()).isTrue();
  }

  @Test
  void aChunkPastTheDeclaredLengthIsAViolation() {
    side.onFrame(invoke(10));
    side.onFrame(data(4, 1));
    assertThat(side.onFrame(data(7, 1))).isEqualTo(new Event.Violation("more input than declared"));
    assertThat(side.onFrame(data(6, 1))).isInstanceOf(Event.Violation.class);
  }

  @Test
  void aSecondInvokeOrAnAnswerFromTheRequesterIsAViolation() {
    for (TaskMessage m : List.of(invoke(3), TaskSamples.PROGRESS, TaskSamples.RESULT)) {
      ProviderSide s = new ProviderSide(LIMITS);
      s.onFrame(invoke(3));
      assertThat(s.onFrame(m)).isInstanceOf(Event.Violation.class);
    }
  }

  @Test
  void anInputOverTheNodesLimitIsAViolation() {
    ProviderSide s = new ProviderSide(new TaskLimits(1 << 20, 1 << 10, 100, 1 << 20, 4, 60_000));
    assertThat(s.onFrame(invoke(101))).isInstanceOf(Event.Violation.class);
    ProviderSide ok = new ProviderSide(new TaskLimits(1 << 20, 1 << 10, 100, 1 << 20, 4, 60_000));
    assertThat(ok.onFrame(invoke(100))).isInstanceOf(Event.Invoked.class);
  }

  @Test
  void anEmptyInputRunsAtOnceAndTakesNoData() {
    assertThat(side.onFrame(invoke(0))).isInstanceOf(Event.Invoked.class);
    assertThat(side.inputIfEmpty()).contains(Bytes.EMPTY);
    assertThat(side.inputIfEmpty()).isEmpty(); // once
    assertThat(side.onFrame(data(1, 0))).isInstanceOf(Event.Violation.class);

    ProviderSide before = new ProviderSide(LIMITS);
    assertThat(before.inputIfEmpty()).isEmpty(); // no INVOKE yet
  }

  @Test
  void cancelWhileReceivingOrRunningCancels() {
    side.onFrame(invoke(10));
    side.onFrame(data(3, 0));
    assertThat(side.onFrame(new TaskMessage.Cancel("changed my mind")))
        .isEqualTo(new Event.Cancelled("changed my mind"));

    ProviderSide running = new ProviderSide(LIMITS);
    running.onFrame(invoke(2));
    assertThat(running.onFrame(data(2, 0))).isInstanceOf(Event.InputComplete.class);
    assertThat(running.onFrame(new TaskMessage.Cancel(""))).isEqualTo(new Event.Cancelled(""));
    TaskMessage.Error answer = running.error(TaskErrorCode.CANCELLED, "cancelled by requester");
    assertThat(answer.code()).isEqualTo(TaskErrorCode.CANCELLED);
    assertThat(running.done()).isTrue();
    assertThat(running.onFrame(new TaskMessage.Cancel(""))).isInstanceOf(Event.Violation.class);

    ProviderSide empty = new ProviderSide(LIMITS);
    empty.onFrame(invoke(0));
    assertThat(empty.inputIfEmpty()).isPresent();
    assertThat(empty.onFrame(new TaskMessage.Cancel("x"))).isEqualTo(new Event.Cancelled("x"));
  }

  @Test
  void framesAfterTheAnswerAreViolations() {
    side.onFrame(invoke(1));
    side.onFrame(data(1, 0));
    side.result(Bytes.fromHex("00"), "image/png", Optional.empty());
    assertThat(side.done()).isTrue();
    for (TaskMessage m : List.of(data(1, 0), new TaskMessage.Cancel(""), invoke(1))) {
      assertThat(side.onFrame(m)).isInstanceOf(Event.Violation.class);
    }
    ProviderSide failed = new ProviderSide(LIMITS);
    failed.onFrame(invoke(1));
    failed.error(TaskErrorCode.BUSY, "full");
    assertThat(failed.onFrame(data(1, 0))).isInstanceOf(Event.Violation.class);
  }

  @Test
  void progressStopsAtItsCountAndIsClampedAndCut() {
    ProviderSide s = new ProviderSide(new TaskLimits(1 << 20, 1 << 10, 100, 1 << 20, 3, 60_000));
    s.onFrame(invoke(0));
    assertThat(s.progress(0.25, "a")).contains(new TaskMessage.Progress(0.25, "a"));
    assertThat(s.progress(Double.NaN, "b")).contains(new TaskMessage.Progress(0, "b"));
    assertThat(s.progress(7, "x".repeat(300)))
        .contains(new TaskMessage.Progress(1, "x".repeat(TaskLimits.MAX_PROGRESS_TEXT)));
    assertThat(s.progress(0.5, "four")).isEmpty();
    assertThat(s.progress(0.5, "five")).isEmpty();

    ProviderSide full = new ProviderSide(LIMITS);
    full.onFrame(invoke(0));
    int sent = 0;
    while (full.progress(-1, "").isPresent()) {
      sent++;
    }
    assertThat(sent).isEqualTo(1024);

    ProviderSide done = new ProviderSide(LIMITS);
    done.onFrame(invoke(0));
    done.error(TaskErrorCode.FAILED, "");
    assertThat(done.progress(0.5, "late")).isEmpty();
  }

  @Test
  void resultIsTheHeaderThenTheOutputInChunks() {
    byte[] out = new byte[600_000];
    new java.util.Random(3).nextBytes(out);
    side.onFrame(invoke(0));
    List<TaskMessage> frames =
        side.result(Bytes.wrap(out), "image/png", Optional.of(TaskSamples.RECEIPT));
    assertThat(frames.getFirst())
        .isEqualTo(new TaskMessage.Result("image/png", 600_000, Optional.of(TaskSamples.RECEIPT)));
    assertThat(frames).hasSize(1 + 3);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (TaskMessage m : frames.subList(1, frames.size())) {
      Bytes chunk = ((TaskMessage.Data) m).chunk();
      assertThat(chunk.length()).isLessThanOrEqualTo(LIMITS.maxChunk());
      joined.writeBytes(chunk.toByteArray());
    }
    assertThat(joined.toByteArray()).isEqualTo(out);
    assertThat(((TaskMessage.Data) frames.get(1)).chunk().length()).isEqualTo(LIMITS.maxChunk());
    assertThat(side.done()).isTrue();

    ProviderSide empty = new ProviderSide(LIMITS);
    assertThat(empty.result(Bytes.EMPTY, "text/plain", Optional.empty()))
        .containsExactly(new TaskMessage.Result("text/plain", 0, Optional.empty()));
  }

  @Test
  void anOutputOverTheLimitIsRefusedSoTheRuntimeAnswersOutputTooLarge() {
    ProviderSide s = new ProviderSide(new TaskLimits(1 << 20, 1 << 10, 100, 1000, 4, 60_000));
    s.onFrame(invoke(0));
    assertThatThrownBy(() -> s.result(Bytes.wrap(new byte[1001]), "a/b", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(s.done()).isFalse();
    assertThat(s.error(TaskErrorCode.OUTPUT_TOO_LARGE, "1001 bytes").code())
        .isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
  }

  @Test
  void errorMessagesAreCutOnACodePointBoundary() throws Exception {
    String emoji = "\uD83D\uDE00"; // U+1F600, 4 UTF-8 bytes
    int max = TaskLimits.MAX_ERROR_TEXT;
    // the emoji straddles the limit: it goes whole
    assertThat(error("a".repeat(max - 2) + emoji + "b")).isEqualTo("a".repeat(max - 2));
    // the emoji ends exactly at the limit: it stays
    assertThat(error("a".repeat(max - 4) + emoji + "b")).isEqualTo("a".repeat(max - 4) + emoji);
    // two-byte and three-byte characters at the cut
    assertThat(error("a".repeat(max - 1) + "é")).isEqualTo("a".repeat(max - 1));
    assertThat(error("a".repeat(max - 2) + "€")).isEqualTo("a".repeat(max - 2));
    assertThat(error("short")).isEqualTo("short");
    // an unpaired surrogate cannot be sent; it becomes U+FFFD
    assertThat(error("x\uD800y")).isEqualTo("x\uFFFDy");
    assertThat(error("x\uDC00")).isEqualTo("x\uFFFD");
  }

  /**
   * Supplementary characters whose low 16 bits fall in the surrogate range (U+1D800 Sutton
   * SignWriting, U+1DF00 Latin Extended-G, U+2D800 CJK Extension F) are characters like any other.
   */
  @Test
  void supplementaryCharactersAreNotMistakenForSurrogates() throws Exception {
    String text = new String(new int[] {0x1D800, 0x1DF00, 0x2D800, 0x10DC00}, 0, 4);
    assertThat(error(text)).isEqualTo(text);
    String cjk = new String(new int[] {0x2D800}, 0, 1);
    String cut = error(cjk.repeat(300));
    assertThat(cut).isEqualTo(cjk.repeat(TaskLimits.MAX_ERROR_TEXT / 4));
  }

  /** What error() makes of {@code message}, checked to fit and to survive the wire. */
  private static String error(String message) throws Exception {
    TaskMessage.Error e = new ProviderSide(LIMITS).error(TaskErrorCode.FAILED, message);
    assertThat(e.message().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TaskLimits.MAX_ERROR_TEXT);
    assertThat(TaskCodec.decode(TaskCodec.encode(e), LIMITS)).isEqualTo(e);
    return e.message();
  }
}
