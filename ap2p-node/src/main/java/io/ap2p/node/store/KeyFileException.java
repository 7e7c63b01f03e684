package io.ap2p.node.store;

/** A key file that cannot be read or written; the message says what to do. */
public final class KeyFileException extends Exception {

  /** A failure described by {@code message}, which never contains key material. */
  public KeyFileException(String message) {
    super(message);
  }
}
