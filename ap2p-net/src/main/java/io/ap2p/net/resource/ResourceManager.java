package io.ap2p.net.resource;

import io.ap2p.core.identity.PeerId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts what peers use of a host, in scopes as libp2p's resource manager does: the whole host
 * (system), each peer, each protocol, each connection. A reservation checks every scope it touches
 * and takes nothing if one is full; a refusal is counted by reason ({@link #refusals()}).
 *
 * <pre>
 *   system ── inbound streams, buffered bytes, handlers per protocol
 *     └─ peer ── inbound streams, handlers per protocol
 *          └─ connection ── streams negotiating, buffered bytes
 * </pre>
 */
public final class ResourceManager {

  private final ResourceLimits limits;
  private final Refusals refusals = new Refusals();
  private final AtomicInteger inboundStreams = new AtomicInteger();
  private final AtomicLong buffered = new AtomicLong();
  private final Map<String, AtomicInteger> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, PeerScope> peers = new ConcurrentHashMap<>();

  /** A manager enforcing {@code limits}. */
  public ResourceManager(ResourceLimits limits) {
    this.limits = limits;
  }

  /** The limits in force. */
  public ResourceLimits limits() {
    return limits;
  }

  /** Refusals so far, by reason. */
  public Refusals refusals() {
    return refusals;
  }

  /** Inbound streams open on the host now. */
  public int inboundStreams() {
    return inboundStreams.get();
  }

  /** Bytes received and not yet read, on the host now. */
  public long bufferedBytes() {
    return buffered.get();
  }

  /** Opens the scope of a new connection to {@code peer}; close it when the connection closes. */
  public ConnectionScope open(PeerId peer) {
    PeerScope p = peers.compute(peer, (k, v) -> (v == null ? new PeerScope() : v).retain());
    return new ConnectionScope(peer, p);
  }

  private static boolean tryIncrement(AtomicInteger n, int max) {
    if (n.incrementAndGet() > max) {
      n.decrementAndGet();
      return false;
    }
    return true;
  }

  /** One peer's share: its inbound streams and handlers over every connection. */
  private static final class PeerScope {
    final AtomicInteger inboundStreams = new AtomicInteger();
    final Map<String, AtomicInteger> handlers = new ConcurrentHashMap<>();
    int connections; // guarded by the peers map's compute

    PeerScope retain() {
      connections++;
      return this;
    }
  }

  /** One connection's scope; the muxer's {@link ConnectionBudget}. */
  public final class ConnectionScope implements ConnectionBudget, AutoCloseable {
    private final PeerId peer;
    private final PeerScope peerScope;
    private final AtomicInteger negotiating = new AtomicInteger();
    private long bufferedHere; // guarded by this
    private boolean closed; // guarded by this

    private ConnectionScope(PeerId peer, PeerScope peerScope) {
      this.peer = peer;
      this.peerScope = peerScope;
    }

    private Optional<Refusal> refuse(Refusal r) {
      refusals.add(r);
      return Optional.of(r);
    }

    @Override
    public Optional<Refusal> admitInboundStream() {
      if (!tryIncrement(inboundStreams, limits.maxInboundStreams())) {
        return refuse(Refusal.STREAMS_SYSTEM);
      }
      if (!tryIncrement(peerScope.inboundStreams, limits.maxInboundStreamsPerPeer())) {
        inboundStreams.decrementAndGet();
        return refuse(Refusal.STREAMS_PER_PEER);
      }
      return Optional.empty();
    }

    @Override
    public void inboundStreamClosed() {
      inboundStreams.decrementAndGet();
      peerScope.inboundStreams.decrementAndGet();
    }

    /** Admits one more stream negotiating its protocol on this connection, or says why not. */
    public Optional<Refusal> beginNegotiation() {
      if (!tryIncrement(negotiating, limits.maxNegotiatingStreamsPerConnection())) {
        return refuse(Refusal.STREAMS_NEGOTIATING);
      }
      return Optional.empty();
    }

    /** A negotiation admitted by {@link #beginNegotiation()} ended, agreed or not. */
    public void endNegotiation() {
      negotiating.decrementAndGet();
    }

    /** Admits a handler of {@code protocol} for this peer, or says why not. */
    public Optional<Refusal> beginHandler(String protocol) {
      AtomicInteger all = handlers.computeIfAbsent(protocol, k -> new AtomicInteger());
      if (!tryIncrement(all, limits.handlersFor(protocol))) {
        return refuse(Refusal.HANDLERS_PER_PROTOCOL);
      }
      AtomicInteger mine = peerScope.handlers.computeIfAbsent(protocol, k -> new AtomicInteger());
      if (!tryIncrement(mine, limits.maxHandlersPerPeer())) {
        all.decrementAndGet();
        return refuse(Refusal.HANDLERS_PER_PEER);
      }
      return Optional.empty();
    }

    /** A handler admitted by {@link #beginHandler} returned. */
    public void endHandler(String protocol) {
      handlers.get(protocol).decrementAndGet();
      peerScope.handlers.get(protocol).decrementAndGet();
    }

    @Override
    public synchronized Optional<Refusal> reserveBytes(int bytes) {
      if (closed) {
        return Optional.empty(); // the connection is going; nothing more is buffered for long
      }
      if (bufferedHere + bytes > limits.maxBufferedBytesPerConnection()) {
        return refuse(Refusal.BUFFERED_BYTES_CONNECTION);
      }
      if (buffered.addAndGet(bytes) > limits.maxBufferedBytes()) {
        buffered.addAndGet(-bytes);
        return refuse(Refusal.BUFFERED_BYTES_SYSTEM);
      }
      bufferedHere += bytes;
      return Optional.empty();
    }

    @Override
    public synchronized void releaseBytes(int bytes) {
      if (closed) {
        return; // given back at close
      }
      int n = (int) Math.min(bytes, bufferedHere);
      bufferedHere -= n;
      buffered.addAndGet(-n);
    }

    /** Bytes received on this connection and not yet read. */
    public synchronized long bufferedBytes() {
      return bufferedHere;
    }

    @Override
    public void refused(Refusal reason) {
      refusals.add(reason);
    }

    /** Gives back everything this connection still holds; idempotent. */
    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        buffered.addAndGet(-bufferedHere);
        bufferedHere = 0;
      }
      peers.compute(peer, (k, v) -> v == null || --v.connections == 0 ? null : v);
    }
  }
}
