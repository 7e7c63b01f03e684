package io.ap2p.net.host;

import io.ap2p.net.resource.ResourceLimits;
import io.ap2p.net.yamux.YamuxConfig;
import java.time.Duration;

/**
 * The limits a host enforces on its peers.
 *
 * @param maxConnections most upgraded connections at once (inbound and outbound)
 * @param maxPendingHandshakes most inbound connections still in their handshake; when full, a new
 *     one evicts the stalest unfinished handshake of the remote IP holding the most (see {@code
 *     HandshakeAdmission})
 * @param handshakeTimeout time allowed for the whole upgrade (multistream, Noise, muxer)
 * @param negotiationTimeout time allowed for a stream's protocol negotiation
 * @param dialTimeout TCP connect timeout
 * @param backoffBase first delay before re-dialling an address that failed
 * @param backoffMax longest such delay
 * @param yamux stream limits, windows and keep-alive of each connection
 * @param resources per-IP, per-peer, per-protocol and host-wide limits on connections, streams,
 *     handlers and buffered bytes
 */
public record HostLimits(
    int maxConnections,
    int maxPendingHandshakes,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    Duration dialTimeout,
    Duration backoffBase,
    Duration backoffMax,
    YamuxConfig yamux,
    ResourceLimits resources) {

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
          YamuxConfig.DEFAULTS,
          ResourceLimits.DEFAULTS);

  /** Limits with the default resource limits. */
  public HostLimits(
      int maxConnections,
      int maxPendingHandshakes,
      Duration handshakeTimeout,
      Duration negotiationTimeout,
      Duration dialTimeout,
      Duration backoffBase,
      Duration backoffMax,
      YamuxConfig yamux) {
    this(
        maxConnections,
        maxPendingHandshakes,
        handshakeTimeout,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        yamux,
        ResourceLimits.DEFAULTS);
  }

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
        yamux,
        resources);
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
        yamux,
        resources);
  }

  /** These limits with {@code t} for the handshake, each stream negotiation and each dial. */
  public HostLimits withTimeouts(Duration t) {
    return new HostLimits(
        maxConnections, maxPendingHandshakes, t, t, t, backoffBase, backoffMax, yamux, resources);
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
        y,
        resources);
  }

  /** These limits with another pending-handshake cap. */
  public HostLimits withMaxPendingHandshakes(int n) {
    return new HostLimits(
        maxConnections,
        n,
        handshakeTimeout,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        yamux,
        resources);
  }

  /** These limits with other resource limits. */
  public HostLimits withResources(ResourceLimits r) {
    return new HostLimits(
        maxConnections,
        maxPendingHandshakes,
        handshakeTimeout,
        negotiationTimeout,
        dialTimeout,
        backoffBase,
        backoffMax,
        yamux,
        r);
  }
}
