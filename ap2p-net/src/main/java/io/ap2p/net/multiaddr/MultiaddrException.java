package io.ap2p.net.multiaddr;

/** A multiaddr that cannot be parsed or decoded; the message names the part at fault. */
public final class MultiaddrException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming the component at fault. */
  public MultiaddrException(String message) {
    super(message);
  }
}
