package io.ap2p.net.host;

/**
 * What a host reports as it works, for metrics: connections made, handshakes that failed and
 * streams opened. Called on the host's own threads; implementations must return quickly and never
 * throw. Register one with {@link Host#events(HostEvents)}.
 */
public interface HostEvents {

  /** Reports nothing. */
  HostEvents NONE = new HostEvents() {};

  /** A connection finished its upgrade (Noise and yamux) and is open. */
  default void connectionOpened(boolean outbound) {}

  /** A connection's upgrade failed after its socket was open. */
  default void handshakeFailed(boolean outbound, HandshakeFailure reason) {}

  /**
   * A stream agreed on {@code protocol}: one this host serves (inbound, counted once its handler is
   * admitted) or one it asked for (outbound).
   */
  default void streamOpened(boolean outbound, String protocol) {}
}
