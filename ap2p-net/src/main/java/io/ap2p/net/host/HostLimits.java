package io.ap2p.net.host;

import io.ap2p.net.yamux.YamuxConfig;
import java.time.Duration;

/**
 * The limits a host enforces on its peers.
 *
 * @param maxConnections most upgraded connections at once (inbound and outbound)
 * @param maxPendingHandshakes most inbound connections still in their handshake; more are closed at
 *     once
 * @param handshakeTimeout time allowed for the whole upgrade (multistream, Noise, muxer)
 * @param negotiationTimeout time allowed for a stream's protocol negotiation
 * @param dialTimeout TCP connect timeout
 * @param backoffBase first delay before re-dialling an address that failed
 * @param backoffMax longest such delay
 * @param yamux stream limits, windows and keep-alive of each connection
 */
public record HostLimits(
    int maxConnections,
    int maxPendingHandshakes,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    Duration dialTimeout,
    Duration backoffBase,
    Duration backoffMax,
    YamuxConfig yamux) {

  /** Defaults for a personal node: 512 connections, 64 pending handshakes, 10 s timeouts. */
  public static final HostLimits DEFAULTS =
      new HostLimits(
          512,
          64,
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          YamuxConfig.DEFAULTS);

  /** Validates the limits. */
  public HostLimits {
    if (maxConnections < 1 || maxPendingHandshakes < 1) {
      throw new IllegalArgumentException("connection limits must be positive");
    }
    for (Duration d :
        new Duration[] {
          handshakeTimeout, negotiationTimeout, dialTimeout, backoffBase, backoffMax
        }) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive, got " + d);
      }
    }
  }

  /** These limits with another connection cap. */
  public HostLimits withMaxConnections(int n) {
    return new HostLimits(
        n,
        maxPendingHandshakes,
        handshakeTimeout,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        yamux);
  }

  /** These limits with another handshake timeout. */
  public HostLimits withHandshakeTimeout(Duration d) {
    return new HostLimits(
        maxConnections,
        maxPendingHandshakes,
        d,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        yamux);
  }

  /** These limits with {@code t} for the handshake, each stream negotiation and each dial. */
  public HostLimits withTimeouts(Duration t) {
    return new HostLimits(
        maxConnections, maxPendingHandshakes, t, t, t, backoffBase, backoffMax, yamux);
  }

  /** These limits with another yamux configuration. */
  public HostLimits withYamux(YamuxConfig y) {
    return new HostLimits(
        maxConnections,
        maxPendingHandshakes,
        handshakeTimeout,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        y);
  }
}
