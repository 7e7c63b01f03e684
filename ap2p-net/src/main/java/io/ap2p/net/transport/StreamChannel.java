package io.ap2p.net.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link DuplexChannel} over a pair of streams, such as a raw TCP socket's. */
public final class StreamChannel implements DuplexChannel {

  private final InputStream in;
  private final OutputStream out;
  private final AutoCloseable closer;

  /**
   * A channel reading {@code in} and writing {@code out}; {@link #close()} closes {@code closer}
   * (typically the socket).
   */
  public StreamChannel(InputStream in, OutputStream out, AutoCloseable closer) {
    this.in = in;
    this.out = out;
    this.closer = closer;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    return in.read(buf, off, len);
  }

  @Override
  public void write(byte[] buf, int off, int len) throws IOException {
    out.write(buf, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      closer.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
