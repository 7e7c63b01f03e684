package io.ap2p.node.execution.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentPublishHandlerTest {

  @TempDir Path data;

  private Output publish(ContentPublishHandler h, Bytes content, String mediaType)
      throws HandlerException {
    return h.run(
        Invocations.of(content, mediaType, 10_000, 1 << 20), Progress.NONE, new Cancellation());
  }

  private static JsonNode json(Output out) throws Exception {
    assertThat(out.mediaType()).isEqualTo("application/json");
    return Json.parse(out.bytes().toByteArray());
  }

  @Test
  void contentIsWrittenOnceUnderItsHash() throws Exception {
    ContentPublishHandler h = new ContentPublishHandler(data);
    Bytes png = ImageGenerateHandler.render("fox", 64, 64);
    String hash = Digests.sha256(png).toHex();

    JsonNode first = json(publish(h, png, "image/png"));
    assertThat(first.get("published").textValue()).isEqualTo(hash + ".png");
    assertThat(first.get("sha256").textValue()).isEqualTo(hash);
    assertThat(first.get("bytes").longValue()).isEqualTo(png.length());
    assertThat(first.get("alreadyPublished").booleanValue()).isFalse();
    Path file = data.resolve("published").resolve(hash + ".png");
    assertThat(Bytes.wrap(Files.readAllBytes(file))).isEqualTo(png);
    long modified = Files.getLastModifiedTime(file).toMillis();

    Thread.sleep(20);
    JsonNode second = json(publish(new ContentPublishHandler(data), png, "image/png"));
    assertThat(second.get("alreadyPublished").booleanValue()).isTrue();
    assertThat(second.get("published")).isEqualTo(first.get("published"));
    assertThat(second.get("sha256")).isEqualTo(first.get("sha256"));
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
    assertThat(listing()).containsExactly(hash + ".png"); // no temporary files left
  }

  @Test
  void theMediaTypePicksTheExtension() throws Exception {
    ContentPublishHandler h = new ContentPublishHandler(data);
    assertThat(
            json(publish(h, Invocations.utf8("hi"), "text/plain; charset=utf-8"))
                .get("published")
                .textValue())
        .endsWith(".txt");
    assertThat(
            json(publish(h, Invocations.utf8("{}"), "application/json"))
                .get("published")
                .textValue())
        .endsWith(".json");
    assertThat(
            json(publish(h, Invocations.utf8("{\"a\": 1}"), "application/ld+json"))
                .get("published")
                .textValue())
        .endsWith(".json");
    assertThat(json(publish(h, Invocations.utf8("??"), "")).get("published").textValue())
        .endsWith(".bin");
    assertThat(
            json(publish(h, Invocations.utf8("?!"), "../../etc/passwd"))
                .get("published")
                .textValue())
        .endsWith(".bin");
    assertThat(listing()).hasSize(5);
  }

  @Test
  void concurrentEqualPublishesWriteOnce() throws Exception {
    ContentPublishHandler h = new ContentPublishHandler(data);
    Bytes content = Invocations.utf8("the same post, sent eight times");
    List<CompletableFuture<JsonNode>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return json(publish(h, content, "text/plain"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              r -> Thread.ofVirtual().start(r)));
    }
    long fresh = all.stream().filter(f -> !f.join().get("alreadyPublished").booleanValue()).count();
    assertThat(fresh).isEqualTo(1);
    assertThat(listing()).hasSize(1);
  }

  @Test
  void emptyInputIsBadInputAndCancelledWorkWritesNothing() throws Exception {
    ContentPublishHandler h = new ContentPublishHandler(data);
    try {
      publish(h, Bytes.EMPTY, "text/plain");
      throw new AssertionError("expected a failure");
    } catch (HandlerException e) {
      assertThat(e.code()).isEqualTo(TaskErrorCode.BAD_INPUT);
    }
    Cancellation c = new Cancellation();
    c.cancel();
    try {
      h.run(Invocations.text("late"), Progress.NONE, c);
      throw new AssertionError("expected a failure");
    } catch (HandlerException e) {
      assertThat(e.code()).isEqualTo(TaskErrorCode.CANCELLED);
    }
    assertThat(h.directory()).doesNotExist();
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> s = Files.list(data.resolve("published"))) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
