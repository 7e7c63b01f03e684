package io.ap2p.node.execution;

import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskFormatException;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.transport.LengthPrefixed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code /ap2p/task/1.0.0} frames (varint length + envelope) on a stream. */
final class TaskFrames {

  /** Frames batched into one write (one yamux frame per write), at most this many bytes. */
  private static final int BATCH = 256 << 10;

  private TaskFrames() {}

  /**
   * The next frame, or empty at a clean end of stream.
   *
   * @throws TaskFormatException if the frame is malformed or over the frame limit
   * @throws IOException if the stream fails, is reset or ends inside a frame
   */
  static Optional<TaskMessage> read(InputStream in, TaskLimits limits)
      throws IOException, TaskFormatException {
    Optional<byte[]> frame;
    try {
      frame = LengthPrefixed.readIfAny(in, limits.maxFrame());
    } catch (io.ap2p.net.transport.ProtocolViolationException e) {
      throw new TaskFormatException(TaskFormatException.Reason.OVERSIZE, e.getMessage());
    }
    if (frame.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(TaskCodec.decode(Bytes.wrap(frame.get()), limits));
  }

  /** Writes {@code m} as one frame. */
  static void write(OutputStream out, TaskMessage m) throws IOException {
    TaskCodec.encodeFramed(m).writeTo(out);
  }

  /**
   * Writes {@code ms} in order, batching small frames into fewer writes; a frame of half a batch or
   * more (a DATA chunk) goes out on its own, without being copied into the batch.
   */
  static void writeAll(OutputStream out, List<? extends TaskMessage> ms) throws IOException {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    for (TaskMessage m : ms) {
      Bytes framed = TaskCodec.encodeFramed(m);
      boolean large = framed.length() >= BATCH / 2;
      if (batch.size() > 0 && (large || batch.size() + framed.length() > BATCH)) {
        batch.writeTo(out); // what came before goes first
        batch.reset();
      }
      framed.writeTo(large ? out : batch);
    }
    if (batch.size() > 0) {
      batch.writeTo(out);
    }
  }
}
