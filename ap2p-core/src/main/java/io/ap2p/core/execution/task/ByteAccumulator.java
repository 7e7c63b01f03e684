package io.ap2p.core.execution.task;

import io.ap2p.core.wire.Bytes;
import java.util.Arrays;

/** Collects a declared number of bytes from chunks, growing as data arrives (not as declared). */
final class ByteAccumulator {

  private final long expected;
  private byte[] buf = new byte[0];
  private int size;

  ByteAccumulator(long expected) {
    this.expected = expected;
  }

  /** Appends {@code chunk}; false (nothing appended) when it would pass the declared length. */
  boolean add(Bytes chunk) {
    if (size + (long) chunk.length() > expected) {
      return false;
    }
    if (size + chunk.length() > buf.length) {
      long grown = Math.max(size + (long) chunk.length(), Math.min(expected, buf.length * 2L));
      buf = Arrays.copyOf(buf, (int) grown);
    }
    chunk.copyTo(buf, size);
    size += chunk.length();
    return true;
  }

  boolean complete() {
    return size == expected;
  }

  long received() {
    return size;
  }

  Bytes bytes() {
    return Bytes.wrap(size == buf.length ? buf : Arrays.copyOf(buf, size));
  }
}
