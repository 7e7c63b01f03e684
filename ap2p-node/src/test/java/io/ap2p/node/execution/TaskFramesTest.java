package io.ap2p.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.wire.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames written in batches and alone come back in order, each write within one batch. */
class TaskFramesTest {

  @Test
  void smallAndLargeFramesKeepTheirOrder() throws Exception {
    byte[] output = new byte[(600 << 10) + 123];
    new Random(3).nextBytes(output);
    List<TaskMessage> frames = new ArrayList<>();
    frames.add(new TaskMessage.Progress(0.5, "half"));
    frames.add(new TaskMessage.Result("application/octet-stream", output.length, Optional.empty()));
    frames.addAll(TaskCodec.chunks(Bytes.wrap(output), TaskLimits.PROTOCOL.maxChunk()));
    frames.add(new TaskMessage.Progress(1, "a small frame after large ones"));
    List<Integer> writes = new ArrayList<>();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            throw new AssertionError("frames go out in whole writes");
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
            sink.write(b, off, len);
          }
        };

    TaskFrames.writeAll(out, frames);

    InputStream in = new ByteArrayInputStream(sink.toByteArray());
    List<TaskMessage> back = new ArrayList<>();
    Optional<TaskMessage> m;
    while ((m = TaskFrames.read(in, TaskLimits.PROTOCOL)).isPresent()) {
      back.add(m.get());
    }
    assertThat(back).isEqualTo(frames);
    // the two small frames batched; two full chunks alone; the last, 88 KiB, chunk batched with
    // the small frame after it
    assertThat(writes).hasSize(4);
    assertThat(writes).allMatch(n -> n <= (256 << 10) + 16);
  }
}
