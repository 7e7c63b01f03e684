package io.ap2p.node.execution.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.ContentPublishHandler;
import io.ap2p.node.execution.handler.ExecHandler;
import io.ap2p.node.execution.handler.Handler;
import io.ap2p.node.execution.handler.HttpHandler;
import io.ap2p.node.execution.handler.ImageGenerateHandler;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;
import io.ap2p.node.execution.handler.TextSummarizeHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlersTest {

  @TempDir Path data;

  @Test
  void eachSpecMakesItsHandler() throws Exception {
    assertThat(Handlers.create(new HandlerSpec.Builtin("image.generate"), data))
        .isInstanceOf(ImageGenerateHandler.class);
    assertThat(Handlers.create(new HandlerSpec.Builtin("text.summarize"), data))
        .isInstanceOf(TextSummarizeHandler.class);
    assertThat(Handlers.create(new HandlerSpec.Builtin("content.publish"), data))
        .isInstanceOfSatisfying(
            ContentPublishHandler.class,
            h -> assertThat(h.directory()).isEqualTo(data.resolve("published")));
    try (Handler h =
        Handlers.create(new HandlerSpec.Http(URI.create("http://127.0.0.1:9/"), 10, false), data)) {
      assertThat(h).isInstanceOf(HttpHandler.class);
    }

    Handler exec =
        Handlers.create(
            new HandlerSpec.Exec(List.of("sh", "-c", "pwd"), Map.of(), Optional.empty(), 4096),
            data);
    assertThat(exec).isInstanceOf(ExecHandler.class);
    Output out =
        exec.run(
            new Invocation(
                "t",
                "p",
                Bytes.EMPTY,
                "",
                SystemClock.INSTANCE.millis() + 10_000,
                4096,
                SystemClock.INSTANCE),
            Progress.NONE,
            new Cancellation());
    assertThat(out.mediaType()).isEqualTo(HandlerSpec.DEFAULT_EXEC_MEDIA_TYPE);
    assertThat(Path.of(out.bytes().toUtf8().strip()).getParent())
        .isEqualTo(data.resolve(Handlers.SCRATCH_DIRECTORY));
    try (var left = Files.list(data.resolve(Handlers.SCRATCH_DIRECTORY))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void specsCheckTheirValues() {
    assertThatThrownBy(() -> new HandlerSpec.Builtin("x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandlerSpec.Exec(List.of(), Map.of(), Optional.empty(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandlerSpec.Exec(List.of("a\0b"), Map.of(), Optional.empty(), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandlerSpec.Exec(List.of("sh"), Map.of(), Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandlerSpec.Http(URI.create("http://192.168.1.2/"), 10, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
