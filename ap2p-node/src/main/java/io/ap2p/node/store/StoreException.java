package io.ap2p.node.store;

/** A database that cannot be opened, migrated, read or written; the message says which and why. */
public final class StoreException extends RuntimeException {

  /** A failure described by {@code message}. */
  public StoreException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
