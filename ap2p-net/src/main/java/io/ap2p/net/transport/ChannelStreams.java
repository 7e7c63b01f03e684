package io.ap2p.net.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** {@link InputStream} and {@link OutputStream} views of a {@link DuplexChannel}, unbuffered. */
public final class ChannelStreams {

  private ChannelStreams() {}

  /** Reads from {@code ch}; closing the view does nothing (the channel has its owner). */
  public static InputStream in(DuplexChannel ch) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
          n = ch.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return ch.read(b, off, len);
      }
    };
  }

  /** Writes to {@code ch}; {@link OutputStream#flush()} flushes it; closing does nothing. */
  public static OutputStream out(DuplexChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        ch.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ch.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        ch.flush();
      }
    };
  }
}
