package io.ap2p.node.trust.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.ContentPublishHandler;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Progress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInCanariesTest {

  final BuiltInCanaries source = new BuiltInCanaries(new SplittableRandom(5));

  static Bytes run(Handler h, Bytes input, String media) throws Exception {
    return h.run(
            new Invocation("t1", "p", input, media, Long.MAX_VALUE, 64 << 20, SystemClock.INSTANCE),
            Progress.NONE,
            new Cancellation())
        .bytes();
  }

  @Test
  void anImageCanaryLooksLikeTheRealRequestAndTheHonestSkillPassesIt() throws Exception {
    Bytes real =
        Jcs.canonicalize(
            Json.parse(
                "{\"prompt\":\"a watercolor fox in a snowy forest\",\"width\":128,\"height\":96}"
                    .getBytes(StandardCharsets.UTF_8)));
    CanaryFactory.Canary c = source.canary(BuiltInCanaries.IMAGE, real).orElseThrow();
    JsonNode in = Json.parse(c.input().toByteArray());
    assertThat(in.get("width").intValue()).isEqualTo(128);
    assertThat(in.get("height").intValue()).isEqualTo(96);
    assertThat(in.get("prompt").textValue()).isNotEqualTo("a watercolor fox in a snowy forest");
    assertThat(Jcs.canonicalize(in)).isEqualTo(c.input()); // the same encoding as the real one
    Bytes honest = run(new ImageGenerateHandler(), c.input(), "application/json");
    assertThat(c.passes(honest)).isTrue();
    Bytes other = run(new ImageGenerateHandler(), real, "application/json");
    assertThat(c.passes(other)).isFalse();
  }

  @Test
  void aPlainTextPromptGetsAPlainTextCanaryOfSimilarLength() throws Exception {
    Bytes real =
        Bytes.wrap("a pencil lighthouse by the sea at dusk".getBytes(StandardCharsets.UTF_8));
    CanaryFactory.Canary c = source.canary(BuiltInCanaries.IMAGE, real).orElseThrow();
    assertThat(c.input().toUtf8()).startsWith("a ").doesNotStartWith("{");
    assertThat(Math.abs(c.input().length() - real.length())).isLessThan(real.length());
    assertThat(c.passes(run(new ImageGenerateHandler(), c.input(), "text/plain"))).isTrue();
  }

  @Test
  void aPublishCanaryIsAFreshImageOfTheSameSizeAndItsAnswerIsChecked(@TempDir Path dir)
      throws Exception {
    Bytes real = ImageGenerateHandler.render("a real picture", 200, 120);
    CanaryFactory.Canary c = source.canary(BuiltInCanaries.PUBLISH, real).orElseThrow();
    assertThat(BuiltInCanaries.pngSize(c.input()).orElseThrow()).containsExactly(200, 120);
    assertThat(c.input()).isNotEqualTo(real);
    ContentPublishHandler publish = new ContentPublishHandler(dir);
    assertThat(c.passes(run(publish, c.input(), "image/png"))).isTrue();
    // publishing again answers alreadyPublished: still right
    assertThat(c.passes(run(publish, c.input(), "image/png"))).isTrue();
    // the answer for other content, or garbage, is wrong
    assertThat(c.passes(run(publish, real, "image/png"))).isFalse();
    assertThat(c.passes(Bytes.wrap("{".getBytes(StandardCharsets.UTF_8)))).isFalse();
  }

  @Test
  void noCanaryForWhatItCannotImitate() {
    assertThat(source.canary(new CapabilityTag("text.summarize"), Bytes.EMPTY)).isEmpty();
    assertThat(source.canary(BuiltInCanaries.PUBLISH, Bytes.wrap(new byte[] {1, 2, 3}))).isEmpty();
    assertThat(
            source.canary(
                BuiltInCanaries.IMAGE,
                Bytes.wrap("{\"prompt\": 3".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
    assertThat(
            source.canary(
                BuiltInCanaries.IMAGE,
                Bytes.wrap("{\"prompt\":\"x\",\"width\":5000}".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
  }
}
