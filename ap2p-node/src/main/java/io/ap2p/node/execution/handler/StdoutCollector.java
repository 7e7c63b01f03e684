package io.ap2p.node.execution.handler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end, keeping at most a limit; going past it calls an overflow action. */
final class StdoutCollector implements Runnable {

  private final InputStream in;
  private final long limit;
  private final Runnable onOverflow;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  StdoutCollector(InputStream in, long limit, Runnable onOverflow) {
    this.in = in;
    this.limit = limit;
    this.onOverflow = onOverflow;
  }

  @Override
  public void run() {
    byte[] buf = new byte[16 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          if (out.size() + (long) n > limit) {
            out.write(buf, 0, (int) (limit - out.size()));
            onOverflow.run();
            return;
          }
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // The pipe was closed under us (the process was killed): keep what arrived.
    }
  }

  /** The limit. */
  long limit() {
    return limit;
  }

  /** What was read so far. */
  byte[] bytes() {
    synchronized (out) {
      return out.toByteArray();
    }
  }
}
