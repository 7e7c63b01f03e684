package io.ap2p.net.transport;

import java.io.IOException;

/** A peer broke a wire protocol or a limit; the connection or stream should be dropped. */
public class ProtocolViolationException extends IOException {

  private static final long serialVersionUID = 1L;

  /** A violation described by {@code message}. */
  public ProtocolViolationException(String message) {
    super(message);
  }
}
