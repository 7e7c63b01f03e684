package io.ap2p.net.resource;

import java.time.Duration;
import java.util.Map;

/**
 * What a host lets its peers use beyond the connection cap and handshake timeout of {@code
 * HostLimits}: connections per remote IP and per peer, the first-message deadline of a handshake,
 * inbound streams, concurrent handlers and buffered bytes. docs/limits.md lists each with its
 * default and what a peer sees when it hits it.
 *
 * @param maxPendingHandshakesPerIp unfinished inbound handshakes one remote IP may hold; a newer
 *     one from that IP evicts its stalest
 * @param firstMessageTimeout time an inbound connection has to send its multistream header and
 *     security proposal; the rest of the upgrade has the whole handshake timeout
 * @param maxInboundConnectionsPerIp upgraded inbound connections from one remote IP
 * @param maxConnectionsPerPeer upgraded connections to one peer id (an extra inbound one is closed)
 * @param limitLoopback whether the per-IP limits apply to loopback remotes (off by default: every
 *     local process shares 127.0.0.1, as go-libp2p also exempts it)
 * @param maxInboundStreams inbound streams open on the whole host
 * @param maxInboundStreamsPerPeer inbound streams one peer may have open over all its connections
 * @param maxNegotiatingStreamsPerConnection inbound streams of one connection still negotiating
 *     their protocol
 * @param maxHandlersPerProtocol concurrent handlers of one protocol on the whole host, unless
 *     {@code handlersByProtocol} names the protocol
 * @param handlersByProtocol per-protocol overrides of {@code maxHandlersPerProtocol}
 * @param maxHandlersPerPeer concurrent handlers of one protocol for one peer
 * @param maxBufferedBytesPerConnection bytes received and not yet read, per connection
 * @param maxBufferedBytes bytes received and not yet read, on the whole host
 */
public record ResourceLimits(
    int maxPendingHandshakesPerIp,
    Duration firstMessageTimeout,
    int maxInboundConnectionsPerIp,
    int maxConnectionsPerPeer,
    boolean limitLoopback,
    int maxInboundStreams,
    int maxInboundStreamsPerPeer,
    int maxNegotiatingStreamsPerConnection,
    int maxHandlersPerProtocol,
    Map<String, Integer> handlersByProtocol,
    int maxHandlersPerPeer,
    long maxBufferedBytesPerConnection,
    long maxBufferedBytes) {

  /** Defaults for a personal node (docs/limits.md). */
  public static final ResourceLimits DEFAULTS =
      new ResourceLimits(
          16,
          Duration.ofSeconds(3),
          16,
          8,
          false,
          4096,
          512,
          32,
          1024,
          Map.of(),
          128,
          16L << 20,
          128L << 20);

  /** Validates the limits and copies the overrides. */
  public ResourceLimits {
    handlersByProtocol = Map.copyOf(handlersByProtocol);
    if (firstMessageTimeout.isNegative() || firstMessageTimeout.isZero()) {
      throw new IllegalArgumentException("the first-message timeout must be positive");
    }
    long[] positive = {
      maxPendingHandshakesPerIp,
      maxInboundConnectionsPerIp,
      maxConnectionsPerPeer,
      maxInboundStreams,
      maxInboundStreamsPerPeer,
      maxNegotiatingStreamsPerConnection,
      maxHandlersPerProtocol,
      maxHandlersPerPeer,
      maxBufferedBytesPerConnection,
      maxBufferedBytes
    };
    for (long v : positive) {
      if (v < 1) {
        throw new IllegalArgumentException("resource limits must be positive, got " + v);
      }
    }
    for (var e : handlersByProtocol.entrySet()) {
      if (e.getValue() < 1) {
        throw new IllegalArgumentException("handler limit of " + e.getKey() + " must be positive");
      }
    }
  }

  /** The most concurrent handlers of {@code protocol} on the whole host. */
  public int handlersFor(String protocol) {
    return handlersByProtocol.getOrDefault(protocol, maxHandlersPerProtocol);
  }

  /** These limits with {@code max} concurrent handlers for {@code protocol}. */
  public ResourceLimits withHandlers(String protocol, int max) {
    Map<String, Integer> m = new java.util.HashMap<>(handlersByProtocol);
    m.put(protocol, max);
    return new Builder(this).handlersByProtocol(m).build();
  }

  /** A builder starting from these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes a few limits of a {@link ResourceLimits}. */
  public static final class Builder {
    private int pendingPerIp;
    private Duration firstMessage;
    private int inboundPerIp;
    private int perPeer;
    private boolean loopback;
    private int streams;
    private int streamsPerPeer;
    private int negotiating;
    private int handlers;
    private Map<String, Integer> byProtocol;
    private int handlersPerPeer;
    private long bufferedPerConnection;
    private long buffered;

    Builder(ResourceLimits l) {
      pendingPerIp = l.maxPendingHandshakesPerIp;
      firstMessage = l.firstMessageTimeout;
      inboundPerIp = l.maxInboundConnectionsPerIp;
      perPeer = l.maxConnectionsPerPeer;
      loopback = l.limitLoopback;
      streams = l.maxInboundStreams;
      streamsPerPeer = l.maxInboundStreamsPerPeer;
      negotiating = l.maxNegotiatingStreamsPerConnection;
      handlers = l.maxHandlersPerProtocol;
      byProtocol = l.handlersByProtocol;
      handlersPerPeer = l.maxHandlersPerPeer;
      bufferedPerConnection = l.maxBufferedBytesPerConnection;
      buffered = l.maxBufferedBytes;
    }

    /** See {@link ResourceLimits#maxPendingHandshakesPerIp()}. */
    public Builder maxPendingHandshakesPerIp(int v) {
      pendingPerIp = v;
      return this;
    }

    /** See {@link ResourceLimits#firstMessageTimeout()}. */
    public Builder firstMessageTimeout(Duration v) {
      firstMessage = v;
      return this;
    }

    /** See {@link ResourceLimits#maxInboundConnectionsPerIp()}. */
    public Builder maxInboundConnectionsPerIp(int v) {
      inboundPerIp = v;
      return this;
    }

    /** See {@link ResourceLimits#maxConnectionsPerPeer()}. */
    public Builder maxConnectionsPerPeer(int v) {
      perPeer = v;
      return this;
    }

    /** See {@link ResourceLimits#limitLoopback()}. */
    public Builder limitLoopback(boolean v) {
      loopback = v;
      return this;
    }

    /** See {@link ResourceLimits#maxInboundStreams()}. */
    public Builder maxInboundStreams(int v) {
      streams = v;
      return this;
    }

    /** See {@link ResourceLimits#maxInboundStreamsPerPeer()}. */
    public Builder maxInboundStreamsPerPeer(int v) {
      streamsPerPeer = v;
      return this;
    }

    /** See {@link ResourceLimits#maxNegotiatingStreamsPerConnection()}. */
    public Builder maxNegotiatingStreamsPerConnection(int v) {
      negotiating = v;
      return this;
    }

    /** See {@link ResourceLimits#maxHandlersPerProtocol()}. */
    public Builder maxHandlersPerProtocol(int v) {
      handlers = v;
      return this;
    }

    /** See {@link ResourceLimits#handlersByProtocol()}. */
    public Builder handlersByProtocol(Map<String, Integer> v) {
      byProtocol = v;
      return this;
    }

    /** See {@link ResourceLimits#maxHandlersPerPeer()}. */
    public Builder maxHandlersPerPeer(int v) {
      handlersPerPeer = v;
      return this;
    }

    /** See {@link ResourceLimits#maxBufferedBytesPerConnection()}. */
    public Builder maxBufferedBytesPerConnection(long v) {
      bufferedPerConnection = v;
      return this;
    }

    /** See {@link ResourceLimits#maxBufferedBytes()}. */
    public Builder maxBufferedBytes(long v) {
      buffered = v;
      return this;
    }

    /** The limits, validated. */
    public ResourceLimits build() {
      return new ResourceLimits(
          pendingPerIp,
          firstMessage,
          inboundPerIp,
          perPeer,
          loopback,
          streams,
          streamsPerPeer,
          negotiating,
          handlers,
          byProtocol,
          handlersPerPeer,
          bufferedPerConnection,
          buffered);
    }
  }
}
