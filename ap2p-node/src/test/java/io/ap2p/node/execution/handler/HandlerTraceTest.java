package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.Trace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-ins report traces that depend on their input only, so a re-execution repeats them. */
class HandlerTraceTest {

  @TempDir Path dir;

  @Test
  void imageGenerateTracesItsPainterAndPixels() throws Exception {
    Handler h = new ImageGenerateHandler();
    Output a = h.run(Invocations.text("a red fox"), (f, m) -> {}, new Cancellation());
    Output b = h.run(Invocations.text("a red fox"), (f, m) -> {}, new Cancellation());
    Output c = h.run(Invocations.text("a blue fox"), (f, m) -> {}, new Cancellation());
    assertThat(a.trace().entries())
        .extracting(Trace.Entry::name)
        .containsExactly("painter", "pixels");
    assertThat(a.trace().entries().get(0).version()).isEqualTo("ImagePainter/1");
    assertThat(a.trace().entries().get(1).digest().length()).isEqualTo(32);
    assertThat(b.trace()).isEqualTo(a.trace());
    assertThat(c.trace().entries().get(1)).isNotEqualTo(a.trace().entries().get(1));
  }

  @Test
  void textSummarizeTracesTheTextItSummarized() throws Exception {
    Output o =
        new TextSummarizeHandler()
            .run(
                Invocations.of(
                    Invocations.utf8("{\"text\": \"One. Two. Three. Four.\"}"),
                    "application/json",
                    10_000,
                    1 << 20),
                (f, m) -> {},
                new Cancellation());
    assertThat(o.trace().entries().get(0)).isEqualTo(Trace.tool("summarizer", "extractive/3"));
    assertThat(o.trace().entries().get(1).digest())
        .isEqualTo(Digests.sha256(Invocations.utf8("One. Two. Three. Four.")));
  }

  @Test
  void contentPublishTracesTheFileAndItsAnswerIsAFunctionOfTheInput() throws Exception {
    Handler h = new ContentPublishHandler(dir);
    Output first = h.run(Invocations.text("hello"), (f, m) -> {}, new Cancellation());
    Output again = h.run(Invocations.text("hello"), (f, m) -> {}, new Cancellation());
    assertThat(first.trace()).isEqualTo(again.trace());
    assertThat(first.trace().entries().get(1).digest())
        .isEqualTo(Digests.sha256(Invocations.utf8("hello")));
    assertThat(first)
        .isEqualTo(ContentPublishHandler.answer(Invocations.utf8("hello"), "text/plain", false));
    assertThat(again)
        .isEqualTo(ContentPublishHandler.answer(Invocations.utf8("hello"), "text/plain", true));
  }
}
