package io.ap2p.net.resource;

/**
 * Why a host refused or cut something a peer asked for; each reason has a counter ({@link
 * Refusals}) under {@link #counterName()}, the name the node exposes as a metric label.
 */
public enum Refusal {
  /** An unfinished inbound handshake closed to make room for a newer one. */
  HANDSHAKE_EVICTED("handshake_evicted"),
  /** An inbound connection that did not send its multistream header in time. */
  HANDSHAKE_FIRST_MESSAGE_TIMEOUT("handshake_first_message_timeout"),
  /** An inbound connection that did not finish its upgrade in time. */
  HANDSHAKE_TIMEOUT("handshake_timeout"),
  /** An inbound connection closed because the host holds its most connections. */
  CONNECTIONS_SYSTEM("connections_system"),
  /** An inbound connection closed because its remote IP holds its most connections. */
  CONNECTIONS_PER_IP("connections_per_ip"),
  /** An inbound connection closed because its peer already holds its most connections. */
  CONNECTIONS_PER_PEER("connections_per_peer"),
  /** An inbound stream reset: the host serves its most inbound streams. */
  STREAMS_SYSTEM("streams_system"),
  /** An inbound stream reset: the peer has its most inbound streams open. */
  STREAMS_PER_PEER("streams_per_peer"),
  /** An inbound stream reset: the connection has its most streams open (yamux). */
  STREAMS_PER_CONNECTION("streams_per_connection"),
  /** An inbound stream reset: the connection has its most streams still negotiating. */
  STREAMS_NEGOTIATING("streams_negotiating"),
  /** An inbound stream reset after negotiation: the protocol runs its most handlers. */
  HANDLERS_PER_PROTOCOL("handlers_per_protocol"),
  /** An inbound stream reset after negotiation: the peer runs its most handlers of the protocol. */
  HANDLERS_PER_PEER("handlers_per_peer"),
  /** A stream reset: its connection buffers its most unread bytes. */
  BUFFERED_BYTES_CONNECTION("buffered_bytes_connection"),
  /** A stream reset: the host buffers its most unread bytes. */
  BUFFERED_BYTES_SYSTEM("buffered_bytes_system"),
  /** A request answered BUSY (or reset) by an ap2p protocol: too many requests at once. */
  BUSY("busy");

  private final String counterName;

  Refusal(String counterName) {
    this.counterName = counterName;
  }

  /** The counter's name, such as {@code handshake_evicted}. */
  public String counterName() {
    return counterName;
  }
}
