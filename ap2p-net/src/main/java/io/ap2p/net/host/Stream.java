package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.yamux.YamuxStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A negotiated stream: the protocol agreed, the connection it runs on, and its bytes. */
public record Stream(String protocol, Connection connection, YamuxStream raw)
    implements AutoCloseable {

  /** The authenticated remote peer. */
  public PeerId remotePeer() {
    return connection.remotePeer();
  }

  /** Bytes from the remote. */
  public InputStream in() {
    return raw.inputStream();
  }

  /** Bytes to the remote; unbuffered (each write is a frame), so batch large writes. */
  public OutputStream out() {
    return raw.outputStream();
  }

  /** Bounds each blocking read; zero waits forever. */
  public void setReadTimeout(Duration timeout) {
    raw.setReadTimeout(timeout);
  }

  /** Tells the remote no more data will come. */
  public void closeWrite() throws IOException {
    raw.closeWrite();
  }

  /** Aborts the stream both ways. */
  public void reset() {
    raw.reset();
  }

  /** Half-closes (see {@link #closeWrite()}). */
  @Override
  public void close() throws IOException {
    raw.close();
  }
}
