package io.ap2p.net.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * An ordered, reliable byte pipe between two peers: a raw TCP socket before the security handshake,
 * a Noise session after it. Stream multiplexers (yamux) run on top of one.
 *
 * <p>Blocking: callers run on virtual threads. Reads and writes may proceed concurrently (one
 * reader, one writer at a time); {@link #close()} unblocks both.
 */
public interface DuplexChannel extends Closeable {

  /**
   * Reads up to {@code len} bytes into {@code buf} at {@code off}, blocking until at least one is
   * available.
   *
   * @return the number of bytes read, or -1 at end of stream
   */
  int read(byte[] buf, int off, int len) throws IOException;

  /** Writes all {@code len} bytes of {@code buf} from {@code off}. */
  void write(byte[] buf, int off, int len) throws IOException;

  /** Pushes buffered writes to the peer. */
  void flush() throws IOException;

  /** Closes the channel in both directions; idempotent. */
  @Override
  void close() throws IOException;
}
