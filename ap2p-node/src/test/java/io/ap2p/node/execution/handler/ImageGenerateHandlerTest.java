package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.wire.Bytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageGenerateHandlerTest {

  private final ImageGenerateHandler handler = new ImageGenerateHandler();

  private Output run(String input, String mediaType) throws HandlerException {
    return handler.run(
        Invocations.of(Invocations.utf8(input), mediaType, 10_000, 16 << 20),
        Progress.NONE,
        new Cancellation());
  }

  private HandlerException failure(String input, String mediaType) {
    try {
      run(input, mediaType);
      throw new AssertionError("expected a failure");
    } catch (HandlerException e) {
      return e;
    }
  }

  private static BufferedImage decode(Output out) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(out.bytes().toByteArray()));
  }

  @Test
  void aJsonRequestGivesAPngOfTheRequestedSize() throws Exception {
    Output out =
        run(
            "{\"prompt\": \"a watercolor fox\", \"width\": 320, \"height\": 96}",
            "application/json");
    assertThat(out.mediaType()).isEqualTo("image/png");
    BufferedImage img = decode(out);
    assertThat(img.getWidth()).isEqualTo(320);
    assertThat(img.getHeight()).isEqualTo(96);
  }

  @Test
  void plainTextIsThePromptAtTheDefaultSize() throws Exception {
    BufferedImage img = decode(run("a watercolor fox", "text/plain"));
    assertThat(img.getWidth()).isEqualTo(256);
    assertThat(img.getHeight()).isEqualTo(256);
    // JSON is recognised without a media type too
    BufferedImage json = decode(run(" {\"prompt\": \"x\", \"width\": 64}", ""));
    assertThat(json.getWidth()).isEqualTo(64);
    // ... and text that merely starts with a brace is still a prompt
    assertThat(decode(run("{curly} prompt", "")).getWidth()).isEqualTo(256);
  }

  @Test
  void theSamePromptGivesTheSameBytesAndAnotherPromptOthers() throws Exception {
    Bytes a = run("a watercolor fox", "text/plain").bytes();
    Bytes b = run("{\"prompt\": \"a watercolor fox\"}", "application/json").bytes();
    Bytes c = run("a watercolor fix", "text/plain").bytes();
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(ImageGenerateHandler.render("a watercolor fox", 256, 256)).isEqualTo(a);
  }

  @Test
  void thePngCarriesNoTimeStampOrOtherVaryingChunk() {
    byte[] png = ImageGenerateHandler.render("fox", 64, 64).toByteArray();
    String chunks = pngChunkTypes(png);
    assertThat(chunks).doesNotContain("tIME").doesNotContain("tEXt").doesNotContain("iTXt");
    assertThat(chunks).startsWith("IHDR").endsWith("IEND");
  }

  @Test
  void theImageIsNotBlank() throws Exception {
    BufferedImage img = decode(run("a watercolor fox", "text/plain"));
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours.size()).isGreaterThan(20);
    // the caption is drawn in white near the bottom
    boolean white = false;
    for (int y = img.getHeight() - 40; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        white |= (img.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF;
      }
    }
    assertThat(white).isTrue();
  }

  @Test
  void aHugePromptIsDrawnCutShortWithoutTrouble() throws Exception {
    String huge = "word ".repeat(200_000) + "end";
    long start = System.nanoTime();
    Output out =
        handler.run(
            Invocations.of(
                Bytes.wrap(huge.getBytes(StandardCharsets.UTF_8)), "text/plain", 10_000, 1 << 20),
            Progress.NONE,
            new Cancellation());
    assertThat(decode(out).getWidth()).isEqualTo(256);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    // and the largest size renders too
    assertThat(decode(run("{\"prompt\":\"big\",\"width\":1024,\"height\":1024}", "")).getWidth())
        .isEqualTo(1024);
  }

  @Test
  void oddCharactersAreDrawnAsPlaceholders() throws Exception {
    assertThat(decode(run("Füchse 🦊 \u0000 \t ~{|}", "text/plain")).getWidth()).isEqualTo(256);
  }

  @Test
  void badRequestsAreBadInput() {
    assertThat(failure("", "text/plain").code()).isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(failure("   \n", "text/plain").code()).isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(failure("{\"prompt\": 3}", "application/json").getMessage()).contains("$.prompt");
    assertThat(failure("{\"prompt\": \"x\", \"width\": 63}", "application/json").getMessage())
        .contains("$.width: must be from 64 to 1024");
    assertThat(failure("{\"prompt\": \"x\", \"height\": 2048}", "").getMessage())
        .contains("$.height");
    assertThat(failure("{\"prompt\": \"x\", \"width\": 1.5}", "").getMessage())
        .contains("$.width: must be an integer");
    assertThat(failure("{\"prompt\": \"x\", \"widht\": 100}", "").getMessage())
        .contains("$.widht: is not a known field");
    assertThat(failure("{\"prompt\": \"x\"", "application/json").code())
        .isEqualTo(TaskErrorCode.BAD_INPUT);
    assertThat(failure("[1, 2]", "application/json").code()).isEqualTo(TaskErrorCode.BAD_INPUT);
  }

  @Test
  void anOutputLimitBelowThePngIsOutputTooLarge() {
    HandlerException e;
    try {
      handler.run(
          Invocations.of(Invocations.utf8("fox"), "text/plain", 10_000, 100),
          Progress.NONE,
          new Cancellation());
      throw new AssertionError("expected a failure");
    } catch (HandlerException x) {
      e = x;
    }
    assertThat(e.code()).isEqualTo(TaskErrorCode.OUTPUT_TOO_LARGE);
  }

  @Test
  void wrappingCutsLongTextIntoAtMostTheLines() {
    assertThat(ImagePainter.wrap("a watercolor fox in the snow", 12, 3))
        .containsExactly("a watercolor", "fox in the", "snow");
    assertThat(ImagePainter.wrap("abcdefghijklmnopqrstuvwxyz", 10, 2))
        .containsExactly("abcdefghij", "klmnopq...");
    assertThat(ImagePainter.wrap("one two three four five six", 8, 2))
        .containsExactly("one two", "three...");
  }

  private static String pngChunkTypes(byte[] png) {
    StringBuilder types = new StringBuilder();
    int at = 8; // signature
    while (at + 8 <= png.length) {
      int len =
          (png[at] & 0xFF) << 24
              | (png[at + 1] & 0xFF) << 16
              | (png[at + 2] & 0xFF) << 8
              | (png[at + 3] & 0xFF);
      types.append(new String(png, at + 4, 4, StandardCharsets.US_ASCII)).append(' ');
      at += 12 + len;
    }
    return types.toString().trim();
  }
}
