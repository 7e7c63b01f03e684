package io.ap2p.core.wire;

/** Bytes from outside that do not follow the expected encoding. */
public class WireFormatException extends Exception {

  /** A failure described by {@code message}. */
  public WireFormatException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
