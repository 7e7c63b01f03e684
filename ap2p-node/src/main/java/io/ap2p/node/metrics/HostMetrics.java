package io.ap2p.node.metrics;

import io.ap2p.net.host.HandshakeFailure;
import io.ap2p.net.host.HostEvents;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Set;

/** The host's events as counters: connections opened, handshakes failed, streams opened. */
final class HostMetrics implements HostEvents {

  /** Most distinct protocols counted by name; others are counted as {@code other}. */
  static final int MAX_PROTOCOLS = 64;

  private final Counter opened;
  private final Counter failed;
  private final Counter streams;
  private final Set<String> protocols = java.util.concurrent.ConcurrentHashMap.newKeySet();

  HostMetrics(Families f) {
    opened =
        f.counter(
            "ap2p_connections_opened_total",
            "Connections that finished their upgrade (Noise, yamux), by direction.",
            "direction");
    failed =
        f.counter(
            "ap2p_handshake_failures_total",
            "Connection upgrades that failed after the socket opened, by direction and reason.",
            "direction",
            "reason");
    streams =
        f.counter(
            "ap2p_streams_opened_total",
            "Streams that agreed on a protocol (inbound: once its handler was admitted), by"
                + " direction and protocol.",
            "direction",
            "protocol");
    for (boolean out : new boolean[] {false, true}) {
      opened.initLabelValues(Families.direction(out));
      for (HandshakeFailure r : HandshakeFailure.values()) {
        failed.initLabelValues(Families.direction(out), r.label());
      }
    }
  }

  @Override
  public void connectionOpened(boolean outbound) {
    opened.labelValues(Families.direction(outbound)).inc();
  }

  @Override
  public void handshakeFailed(boolean outbound, HandshakeFailure reason) {
    failed.labelValues(Families.direction(outbound), reason.label()).inc();
  }

  @Override
  public void streamOpened(boolean outbound, String protocol) {
    // protocols are this node's own (served, or asked for and agreed): still, cap the series
    String p = protocols.contains(protocol) || admit(protocol) ? protocol : "other";
    streams.labelValues(Families.direction(outbound), p).inc();
  }

  private boolean admit(String protocol) {
    synchronized (protocols) {
      if (protocols.size() >= MAX_PROTOCOLS) {
        return false;
      }
      protocols.add(protocol);
      return true;
    }
  }
}
