package io.ap2p.net.transport;

/** multistream-select ended without a protocol both sides support. */
public final class NegotiationException extends ProtocolViolationException {

  private static final long serialVersionUID = 1L;

  /** A failed negotiation described by {@code message}. */
  public NegotiationException(String message) {
    super(message);
  }
}
