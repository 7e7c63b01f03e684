package io.ap2p.net.pubsub;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.runtime.Driver;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * GossipSub v1.1 on a {@link Host}: serves {@code /meshsub/1.1.0}, attaches every peer that
 * identify says speaks it (or that opens a stream of it), and drives a {@link GossipRouter} under
 * one lock with its heartbeat on the driver's timer. Each topic has a {@link Handler} that
 * validates and takes its messages; its verdict decides forwarding. Messages are checked
 * (StrictSign) before the handler sees them; RPCs past {@link RpcLimits} reset the stream.
 */
public final class GossipSub implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(GossipSub.class.getName());

  /** The protocol id (gossipsub-v1.1.md). */
  public static final String PROTOCOL_ID = "/meshsub/1.1.0";

  /** Validates and takes the messages of a topic; runs outside the router's lock. */
  @FunctionalInterface
  public interface Handler {
    /** What to make of {@code m}, received from {@code source} (not necessarily its author). */
    Validation onMessage(PeerId source, PubsubMessage m);
  }

  private final Host host;
  private final Driver<GossipRouter> driver;
  private final RpcLimits limits;
  private final Map<PeerId, PeerLink> links = new ConcurrentHashMap<>();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean closed;

  private GossipSub(Host host, GossipRouter router, Clock clock, RpcLimits limits) {
    this.host = host;
    this.driver = new Driver<>(router, clock);
    this.limits = limits;
  }

  /**
   * Starts GossipSub on {@code host}, signing as {@code signer} (the host's identity key), with
   * time from {@code clock} and draws from {@code random}.
   */
  public static GossipSub start(
      Host host, Signer signer, GossipParams params, Clock clock, RandomGenerator random) {
    GossipSub g =
        new GossipSub(
            host, new GossipRouter(signer, params, clock, random), clock, RpcLimits.DEFAULTS);
    host.handle(PROTOCOL_ID, g::serve);
    host.onIdentified(
        (c, record) -> {
          if (record.protocols().contains(PROTOCOL_ID)) {
            g.attach(c);
          }
        });
    g.driver.every(
        params.heartbeat(),
        r -> {
          r.heartbeat();
          g.send(r.drain());
        });
    return g;
  }

  /** Joins {@code topic}, giving its messages to {@code handler}. */
  public void subscribe(String topic, Handler handler) {
    handlers.put(topic, handler);
    driver.accept(
        r -> {
          r.join(topic);
          send(r.drain());
        });
  }

  /** Leaves {@code topic}. */
  public void unsubscribe(String topic) {
    handlers.remove(topic);
    driver.accept(
        r -> {
          r.leave(topic);
          send(r.drain());
        });
  }

  /** Publishes {@code data} on {@code topic}, signed; returns the message id. */
  public Bytes publish(String topic, Bytes data) {
    return driver.apply(
        r -> {
          Bytes id = r.publish(topic, data);
          send(r.drain());
          return id;
        });
  }

  /** Dials {@code addr} (or reuses the connection) and attaches the peer as a pubsub peer. */
  public void connect(Multiaddr addr) throws IOException {
    attach(host.connect(addr));
  }

  /** The peers in the mesh of {@code topic}. */
  public List<PeerId> mesh(String topic) {
    return driver.apply(r -> r.mesh(topic));
  }

  /** The peers attached. */
  public List<PeerId> peers() {
    return driver.apply(GossipRouter::peers);
  }

  /** The topics {@code peer} subscribes to, as it said. */
  public java.util.Set<String> topicsOf(PeerId peer) {
    return driver.apply(r -> r.topicsOf(peer));
  }

  /** Invalid messages counted against {@code peer}. */
  public int invalidFrom(PeerId peer) {
    return driver.apply(r -> r.invalidFrom(peer));
  }

  /** Bytes written on meshsub streams (RPCs and their length prefixes). */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** Bytes of RPCs read. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  /** RPCs dropped because a peer's queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** RPCs refused as malformed or over a limit (their streams were reset). */
  public long refused() {
    return refused.get();
  }

  /** Starts the pubsub side of connection {@code c} unless it runs already. */
  private void attach(Connection c) {
    if (closed) {
      return;
    }
    PeerId peer = c.remotePeer();
    PeerLink fresh = new PeerLink(c, bytesSent, dropped);
    PeerLink current = links.compute(peer, (k, old) -> old == null || old.closed() ? fresh : old);
    if (current != fresh) {
      return;
    }
    driver.accept(
        r -> {
          r.addPeer(peer);
          send(r.drain());
        });
    fresh.start(PROTOCOL_ID, () -> detach(fresh));
  }

  private void detach(PeerLink link) {
    if (links.remove(link.peer(), link)) {
      driver.accept(r -> r.removePeer(link.peer()));
      // another connection to the peer may still be open: attach it again
      Optional<Connection> other = host.connectionTo(link.peer());
      if (!closed && other.isPresent() && other.get() != link.connection()) {
        attach(other.get());
      }
    }
  }

  /** Serves a peer's inbound stream: every RPC on it goes to the router. */
  private void serve(Stream s) throws IOException {
    attach(s.connection());
    PeerId peer = s.remotePeer();
    while (!closed) {
      Optional<byte[]> bytes;
      try {
        bytes = LengthPrefixed.readIfAny(s.in(), limits.maxRpcBytes());
      } catch (ProtocolViolationException e) {
        refused.incrementAndGet();
        LOG.fine(() -> "refused an RPC from " + peer + ": " + e.getMessage());
        s.reset();
        return;
      }
      if (bytes.isEmpty()) {
        break;
      }
      bytesReceived.addAndGet(bytes.get().length);
      Rpc rpc;
      try {
        rpc = RpcCodec.decode(bytes.get(), limits);
      } catch (WireFormatException e) {
        refused.incrementAndGet();
        LOG.fine(() -> "refused an RPC from " + peer + ": " + e.getMessage());
        s.reset();
        return;
      }
      handle(peer, rpc);
    }
    s.close();
  }

  private void handle(PeerId peer, Rpc rpc) {
    List<GossipRouter.Received> fresh =
        driver.apply(
            r -> {
              List<GossipRouter.Received> f = r.receive(peer, rpc);
              send(r.drain());
              return f;
            });
    for (GossipRouter.Received m : fresh) {
      Validation v = validate(m);
      driver.accept(
          r -> {
            r.validated(m, v);
            send(r.drain());
          });
    }
  }

  private Validation validate(GossipRouter.Received m) {
    Handler h = handlers.get(m.message().topic());
    if (h == null) {
      return Validation.IGNORE;
    }
    try {
      return h.onMessage(m.source(), m.message());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "pubsub handler of " + m.message().topic() + " failed", e);
      return Validation.IGNORE;
    }
  }

  /** Queues {@code sends} on their peers' links; called under the driver's lock. */
  private void send(List<Outbox.Send> sends) {
    for (Outbox.Send s : sends) {
      PeerLink link = links.get(s.peer());
      if (link != null) {
        link.offer(RpcCodec.encode(s.rpc()));
      }
    }
  }

  /** Stops the heartbeat and every stream; the host keeps running. */
  @Override
  public void close() {
    closed = true;
    host.unhandle(PROTOCOL_ID);
    driver.close();
    links.values().forEach(PeerLink::close);
    links.clear();
  }
}
