package io.ap2p.core.identity;

/** Encoded key material (a key file, a protobuf key, a peer id) that cannot be read. */
public final class KeyFormatException extends Exception {

  /** A failure described by {@code message}; it never includes key bytes. */
  public KeyFormatException(String message) {
    super(message);
  }
}
