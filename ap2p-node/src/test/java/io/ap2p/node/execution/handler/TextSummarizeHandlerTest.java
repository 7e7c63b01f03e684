package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.wire.Bytes;
import org.junit.jupiter.api.Test;

class TextSummarizeHandlerTest {

  private static final String ARTICLE =
      "Foxes live in forests. "
          + "The red fox is the most widespread fox of all. "
          + "It rained on Tuesday. "
          + "Red foxes hunt small animals in forests and fields! "
          + "Lunch was good.\n\n"
          + "A fox in a forest is a red fox more often than not. "
          + "Nobody asked about the weather?";

  private final TextSummarizeHandler handler = new TextSummarizeHandler();

  private Output run(Bytes input, String mediaType) throws HandlerException {
    return handler.run(
        Invocations.of(input, mediaType, 10_000, 1 << 20), Progress.NONE, new Cancellation());
  }

  private HandlerException failure(Bytes input, String mediaType) {
    try {
      run(input, mediaType);
      throw new AssertionError("expected a failure");
    } catch (HandlerException e) {
      return e;
    }
  }

  @Test
  void theMostRepresentativeSentencesComeBackInOrder() throws Exception {
    Output out = run(Invocations.utf8(ARTICLE), "text/plain");
    assertThat(out.mediaType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(out.bytes().toUtf8())
        .isEqualTo(
            "The red fox is the most widespread fox of all. "
                + "Red foxes hunt small animals in forests and fields! "
                + "A fox in a forest is a red fox more often than not.");
    // deterministic
    assertThat(run(Invocations.utf8(ARTICLE), "text/plain").bytes()).isEqualTo(out.bytes());
  }

  @Test
  void shortTextComesBackWhole() throws Exception {
    assertThat(run(Invocations.utf8("  One sentence only  "), "").bytes().toUtf8())
        .isEqualTo("One sentence only");
    assertThat(run(Invocations.utf8("First. Second."), "").bytes().toUtf8())
        .isEqualTo("First. Second.");
  }

  @Test
  void jsonInputCarriesTheTextInATextMember() throws Exception {
    assertThat(
            run(Invocations.utf8("{\"text\": \"Hello there.\"}"), "application/json")
                .bytes()
                .toUtf8())
        .isEqualTo("Hello there.");
    assertThat(failure(Invocations.utf8("{\"txt\": \"x\"}"), "application/json").code())
        .isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(failure(Invocations.utf8("{\"text\": "), "application/json").code())
        .isEqualTo(TaskErrorCode.BAD_INPUT);
  }

  @Test
  void nonUtf8AndEmptyInputAreBadInput() {
    HandlerException e =
        failure(Bytes.wrap(new byte[] {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF}), "text/plain");
    assertThat(e.code()).isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(e.getMessage()).contains("not UTF-8");
    assertThat(failure(Bytes.EMPTY, "text/plain").code()).isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(failure(Invocations.utf8(" \n\t "), "text/plain").code())
        .isEqualTo(TaskErrorCode.BAD_INPUT);
  }

  @Test
  void sentencesSplitAtEndMarksAndBlankLines() {
    assertThat(Summarizer.sentences("He said \"stop.\" Then left.\nSame one\n\nNew one 3.5 times"))
        .containsExactly("He said \"stop.\"", "Then left.", "Same one", "New one 3.5 times");
  }

  @Test
  void largeInputIsFine() throws Exception {
    String big = "The quick brown fox jumps over the lazy dog. ".repeat(5_000);
    long start = System.nanoTime();
    Output out = run(Invocations.utf8(big), "text/plain");
    assertThat(out.bytes().toUtf8())
        .isEqualTo("The quick brown fox jumps over the lazy dog. ".repeat(3).strip());
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
  }
}
