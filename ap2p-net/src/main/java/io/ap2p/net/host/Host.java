package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import io.ap2p.net.noise.NoiseChannel;
import io.ap2p.net.noise.NoiseSecurity;
import io.ap2p.net.protocol.Identify;
import io.ap2p.net.protocol.Ping;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.resource.Refusals;
import io.ap2p.net.resource.ResourceLimits;
import io.ap2p.net.resource.ResourceManager;
import io.ap2p.net.transport.Multistream;
import io.ap2p.net.yamux.YamuxSession;
import io.ap2p.net.yamux.YamuxStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A libp2p host over TCP: listens and dials, upgrades each connection (multistream-select to {@code
 * /noise}, the Noise XX handshake, multistream-select to {@code /yamux/1.0.0}), routes inbound
 * streams to the handler registered for the protocol they negotiate, and answers identify and ping.
 * Every peer-facing step has a limit ({@link HostLimits}); a peer that breaks one is disconnected
 * and the host keeps serving the others.
 *
 * <p>Blocking I/O on virtual threads (docs/adr/0005): one thread per socket reader and per stream.
 */
public final class Host implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Host.class.getName());

  private final HostConfig config;
  private final PeerId self;
  private final Upgrader upgrader;
  private final PeerStore peerStore;
  private final InboundStreams inbound;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final ResourceManager resources;
  // inbound sockets still in their handshake: not connections yet, but closed with the host
  private final HandshakeAdmission admission;
  private final Acceptor acceptor;
  private final List<ServerSocket> servers = new ArrayList<>();
  private final List<java.util.function.BiConsumer<Connection, io.ap2p.net.protocol.IdentifyRecord>>
      identifyListeners = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddrs = new ArrayList<>();
  private volatile HostEvents events = HostEvents.NONE;
  private volatile boolean closed;

  private Host(HostConfig config) {
    this.config = config;
    this.inbound = new InboundStreams(config.limits().negotiationTimeout(), this::events);
    this.self = config.identity().publicKey().peerId();
    this.upgrader =
        new Upgrader(
            new NoiseSecurity(config.identity(), config.random(), List.of()),
            config.limits().handshakeTimeout());
    this.peerStore =
        new PeerStore(config.clock(), config.limits().backoffBase(), config.limits().backoffMax());
    ResourceLimits r = config.limits().resources();
    this.resources = new ResourceManager(r);
    this.admission =
        new HandshakeAdmission(
            config.limits().maxPendingHandshakes(),
            r.maxPendingHandshakesPerIp(),
            r.limitLoopback(),
            resources.refusals());
    this.acceptor = new Acceptor(this, admission);
  }

  /**
   * Starts a host: binds every listen address and begins accepting; identify and ping are served.
   *
   * @throws IOException if an address cannot be bound (in use, not local, not TCP)
   */
  public static Host start(HostConfig config) throws IOException {
    Host h = new Host(config);
    h.handle(Identify.PROTOCOL_ID, Identify.handler(h));
    h.handle(Ping.PROTOCOL_ID, Ping.handler());
    try {
      for (Multiaddr addr : config.listen()) {
        h.listen(addr);
      }
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
    return h;
  }

  private void listen(Multiaddr addr) throws IOException {
    if (addr.peerId().isPresent() && !addr.peerId().get().equals(self)) {
      throw new IOException("listen address " + addr + " names another peer id");
    }
    InetSocketAddress endpoint;
    try {
      endpoint = addr.withoutPeerId().tcpEndpoint();
    } catch (MultiaddrException e) {
      throw new IOException("cannot listen on " + addr + ": " + e.getMessage(), e);
    }
    ServerSocket server = new ServerSocket();
    try {
      server.setReuseAddress(true);
      server.bind(endpoint, 128);
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen on " + addr + ": " + e.getMessage(), e);
    }
    servers.add(server);
    InetSocketAddress bound = (InetSocketAddress) server.getLocalSocketAddress();
    listenAddrs.addAll(Sockets.expand(bound));
    Thread.ofVirtual().name("accept " + bound).start(() -> acceptor.acceptLoop(server));
  }

  /** This node's identity key (public half). */
  public io.ap2p.core.identity.PublicKey publicKey() {
    return config.identity().publicKey();
  }

  /** Randomness for protocols run by this host (handshakes, pings). */
  public java.security.SecureRandom random() {
    return config.random();
  }

  /** This node's peer id. */
  public PeerId peerId() {
    return self;
  }

  /** The addresses this host listens on, with the ports actually bound, without {@code /p2p}. */
  public List<Multiaddr> listenAddrs() {
    return List.copyOf(listenAddrs);
  }

  /** The agent version identify reports. */
  public String agentVersion() {
    return config.agentVersion();
  }

  /** Known peers and dial backoff. */
  public PeerStore peerStore() {
    return peerStore;
  }

  /** The limits in force. */
  public HostLimits limits() {
    return config.limits();
  }

  /** Unfinished inbound handshakes from {@code ip} evicted so far (tests). */
  int handshakesEvicted(InetAddress ip) {
    return admission.evicted(ip);
  }

  /** The inbound admission of this host (tests). */
  Acceptor acceptor() {
    return acceptor;
  }

  /** What peers use of this host, and the limits on it. */
  public ResourceManager resources() {
    return resources;
  }

  /** Refusals so far by reason (handshakes evicted, streams reset for a limit, BUSY answers). */
  public Refusals refusals() {
    return resources.refusals();
  }

  /** Inbound connections still in their handshake. */
  public int pendingHandshakes() {
    return admission.size();
  }

  /** Reports connections, handshake failures and streams to {@code e} from now on (metrics). */
  public void events(HostEvents e) {
    this.events = java.util.Objects.requireNonNull(e);
  }

  HostEvents events() {
    return events;
  }

  /** Registers (or replaces) the handler for {@code protocol}, such as {@code /ap2p/echo/1.0.0}. */
  public void handle(String protocol, StreamHandler handler) {
    if (protocol.isEmpty() || protocol.length() > 256 || protocol.contains("\n")) {
      throw new IllegalArgumentException("invalid protocol id: " + protocol);
    }
    inbound.handle(protocol, handler);
  }

  /** Removes the handler for {@code protocol}. */
  public void unhandle(String protocol) {
    inbound.unhandle(protocol);
  }

  /** The protocols this host serves, sorted. */
  public List<String> protocols() {
    return inbound.protocols();
  }

  /** Open connections. */
  public List<Connection> connections() {
    return connections.stream().filter(c -> !c.isClosed()).toList();
  }

  /** An open connection to {@code peer}, if there is one. */
  public Optional<Connection> connectionTo(PeerId peer) {
    return connections.stream()
        .filter(c -> c.remotePeer().equals(peer) && !c.isClosed())
        .findFirst();
  }

  /**
   * Connects to {@code addr}, or reuses an open connection to the peer it names.
   *
   * @throws io.ap2p.net.noise.PeerIdMismatchException if the remote is not the peer {@code addr}
   *     names
   * @throws IOException if the dial is refused, times out, fails its handshake or is backing off
   */
  public Connection connect(Multiaddr addr) throws IOException {
    ensureOpen();
    Optional<PeerId> expected = addr.peerId();
    if (expected.isPresent()) {
      if (expected.get().equals(self)) {
        throw new IOException("refusing to dial myself (" + self + ")");
      }
      Optional<Connection> existing = connectionTo(expected.get());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    Multiaddr transport = addr.withoutPeerId();
    Optional<String> backoff = peerStore.backingOff(transport);
    if (backoff.isPresent()) {
      throw new IOException(backoff.get());
    }
    List<InetSocketAddress> endpoints;
    try {
      endpoints = transport.resolveTcp();
    } catch (MultiaddrException e) {
      throw new IOException("cannot dial " + addr + ": " + e.getMessage(), e);
    } catch (java.net.UnknownHostException e) {
      peerStore.dialFailed(transport, "unknown host " + e.getMessage());
      throw e;
    }
    if (connectionCount.incrementAndGet() > config.limits().maxConnections()) {
      connectionCount.decrementAndGet();
      throw new IOException("connection limit of " + config.limits().maxConnections() + " reached");
    }
    Socket socket = null;
    try {
      socket = Sockets.connectFirst(endpoints, config.limits().dialTimeout());
      Connection c = upgrade(socket, true, expected, Upgrader.Progress.NONE);
      peerStore.dialSucceeded(transport);
      return c;
    } catch (IOException | RuntimeException e) {
      connectionCount.decrementAndGet();
      if (socket != null) {
        events.handshakeFailed(true, HandshakeFailure.of(e, false));
        closeQuietly(socket);
      }
      if (!(e instanceof io.ap2p.net.noise.PeerIdMismatchException)) {
        peerStore.dialFailed(transport, String.valueOf(e.getMessage()));
      }
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }

  /** Dials {@code addr} (or reuses a connection) and opens a stream for {@code protocol}. */
  public Stream newStream(Multiaddr addr, String protocol) throws IOException {
    return connect(addr).newStream(protocol);
  }

  Stream openStream(Connection c, List<String> protocols) throws IOException {
    YamuxStream ys = c.session().openStream();
    try {
      ys.setReadTimeout(config.limits().negotiationTimeout());
      OutputStream out = new BufferedOutputStream(ys.outputStream(), 512);
      String agreed = Multistream.select(ys.inputStream(), out, protocols);
      ys.setReadTimeout(Duration.ZERO);
      events.streamOpened(true, agreed);
      return new Stream(agreed, c, ys);
    } catch (IOException | RuntimeException e) {
      ys.reset();
      throw e;
    }
  }

  // ---- inbound

  boolean isClosed() {
    return closed;
  }

  /** Counts a new inbound socket as a connection, unless the host is full. */
  boolean reserveConnection() {
    if (connectionCount.incrementAndGet() > config.limits().maxConnections()) {
      connectionCount.decrementAndGet();
      return false;
    }
    return true;
  }

  /** An inbound socket admitted by {@link #reserveConnection} did not become a connection. */
  void inboundFailed() {
    connectionCount.decrementAndGet();
  }

  void upgradeInbound(Socket s, HandshakeAdmission.Pending p) throws IOException {
    upgrade(s, false, Optional.empty(), p);
  }

  private Connection upgrade(
      Socket socket, boolean outbound, Optional<PeerId> expected, Upgrader.Progress progress)
      throws IOException {
    Duration first =
        outbound
            ? config.limits().handshakeTimeout()
            : config.limits().resources().firstMessageTimeout();
    NoiseChannel ch = upgrader.upgrade(socket, outbound, expected, first, progress);
    InetAddress ip = socket.getInetAddress();
    if (!outbound) {
      Refusal no = acceptor.establish(ch.remotePeer(), ip);
      if (no != null) {
        ch.close();
        throw new CapRefused(no);
      }
    }
    ResourceManager.ConnectionScope scope = null;
    Connection c = null;
    boolean watched = false;
    try {
      scope = resources.open(ch.remotePeer());
      Connection conn =
          new Connection(
              this,
              ch.remotePeer(),
              ch.remoteKey(),
              Multiaddr.tcp((InetSocketAddress) socket.getRemoteSocketAddress()),
              Multiaddr.tcp((InetSocketAddress) socket.getLocalSocketAddress()),
              outbound,
              scope);
      c = conn;
      conn.attach(
          new YamuxSession(
              ch, outbound, config.limits().yamux(), ys -> inbound.serve(conn, ys), scope));
      connections.add(conn);
      Thread.ofVirtual().name("watch " + conn).start(() -> watch(conn, outbound ? null : ip));
      watched = true;
      events.connectionOpened(outbound);
    } finally {
      if (!watched) { // failed before the watcher took over the bookkeeping
        if (c != null) {
          connections.remove(c);
          if (c.session() != null) {
            c.session().close();
          }
        }
        try {
          ch.close();
        } catch (IOException | RuntimeException ignored) {
          // failing anyway
        }
        if (scope != null) {
          scope.close();
        }
        if (!outbound) {
          acceptor.closed(ch.remotePeer(), ip);
        }
      }
    }
    Connection up = c;
    if (closed) {
      up.close(); // raced with close(): the watcher does the bookkeeping
      return up;
    }
    Thread.ofVirtual().name("identify " + up).start(() -> identifyQuietly(up));
    return up;
  }

  private void watch(Connection c, InetAddress inboundIp) {
    try {
      c.session().awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.remove(c);
    connectionCount.decrementAndGet();
    c.scope().close();
    if (inboundIp != null) {
      acceptor.closed(c.remotePeer(), inboundIp);
    }
    LOG.fine(() -> "connection " + c + " closed: " + c.closeReason());
  }

  private void identifyQuietly(Connection c) {
    io.ap2p.net.protocol.IdentifyRecord r;
    try {
      r = Identify.request(this, c);
    } catch (IOException | RuntimeException e) {
      LOG.fine(() -> "identify of " + c + " failed: " + e);
      return;
    }
    for (var l : identifyListeners) {
      try {
        l.accept(c, r);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "identify listener failed", e);
      }
    }
  }

  /**
   * Calls {@code listener} each time a new connection's remote has been identified (both
   * directions), with what it said about itself; how services such as the DHT learn peers.
   */
  public void onIdentified(
      java.util.function.BiConsumer<Connection, io.ap2p.net.protocol.IdentifyRecord> listener) {
    identifyListeners.add(listener);
  }

  /**
   * An open connection to {@code peer}, or a new one dialled through the addresses the peer store
   * knows for it.
   *
   * @throws IOException if none is known or every address fails
   */
  public Connection connect(PeerId peer) throws IOException {
    Optional<Connection> open = connectionTo(peer);
    if (open.isPresent()) {
      return open.get();
    }
    List<Multiaddr> addrs = peerStore.get(peer).map(PeerInfo::addrs).orElse(List.of());
    if (addrs.isEmpty()) {
      throw new IOException("no known address for " + peer);
    }
    IOException last = null;
    for (Multiaddr a : addrs) {
      try {
        return connect(a.withoutPeerId().withPeerId(peer));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("host closed");
    }
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    closed = true;
    for (ServerSocket s : servers) {
      closeQuietly(s);
    }
    for (Socket s : admission.sockets()) {
      closeQuietly(s);
    }
    for (Connection c : connections) {
      c.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
