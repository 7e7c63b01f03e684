package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.resource.ResourceLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts inbound sockets for a host: checks the connection caps, admits the socket among the
 * unfinished handshakes ({@link HandshakeAdmission}) and upgrades it on a virtual thread of its
 * own. Threads are bounded: one per pending handshake (plus its watchdog), and pending handshakes
 * are capped.
 */
final class Acceptor {

  private static final Logger LOG = Logger.getLogger(Acceptor.class.getName());

  private final Host host;
  private final HandshakeAdmission admission;
  private final ResourceLimits limits;
  private final Map<InetAddress, AtomicInteger> inboundPerIp =
      new ConcurrentHashMap<>(); // written under this
  private final Map<PeerId, Integer> inboundPerPeer = new HashMap<>(); // guarded by this

  Acceptor(Host host, HandshakeAdmission admission) {
    this.host = host;
    this.admission = admission;
    this.limits = host.limits().resources();
  }

  void acceptLoop(ServerSocket server) {
    while (!host.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!host.isClosed()) {
          LOG.log(Level.WARNING, "accept failed on " + server.getLocalSocketAddress(), e);
        }
        return;
      }
      try {
        accept(s);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "admitting " + s.getRemoteSocketAddress() + " failed", e);
        closeQuietly(s);
      }
    }
  }

  private boolean perIp(InetAddress ip) {
    return limits.limitLoopback() || !ip.isLoopbackAddress();
  }

  private int inboundFrom(InetAddress ip) {
    AtomicInteger n = inboundPerIp.get(ip);
    return n == null ? 0 : n.get();
  }

  /**
   * Whether an authenticated inbound connection may stay: null if so (it then counts for its IP and
   * its peer until {@link #closed}), else the reason, counted. The check and the count are one
   * step, so concurrent handshakes cannot together pass a cap.
   */
  synchronized Refusal establish(PeerId peer, InetAddress ip) {
    long outbound =
        host.connections().stream()
            .filter(c -> c.outbound() && c.remotePeer().equals(peer))
            .count();
    Refusal no = null;
    if (outbound + inboundPerPeer.getOrDefault(peer, 0) >= limits.maxConnectionsPerPeer()) {
      no = Refusal.CONNECTIONS_PER_PEER;
    } else if (perIp(ip) && inboundFrom(ip) >= limits.maxInboundConnectionsPerIp()) {
      no = Refusal.CONNECTIONS_PER_IP;
    }
    if (no != null) {
      host.refusals().add(no);
      return no;
    }
    inboundPerIp.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
    inboundPerPeer.merge(peer, 1, Integer::sum);
    return null;
  }

  /** An inbound connection admitted by {@link #establish} closed (or never became one). */
  synchronized void closed(PeerId peer, InetAddress ip) {
    inboundPerIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    inboundPerPeer.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void accept(Socket s) {
    InetAddress ip = s.getInetAddress();
    Refusal no =
        perIp(ip) && inboundFrom(ip) >= limits.maxInboundConnectionsPerIp()
            ? Refusal.CONNECTIONS_PER_IP
            : host.reserveConnection() ? null : Refusal.CONNECTIONS_SYSTEM;
    if (no != null) {
      host.refusals().add(no);
      LOG.fine(() -> "inbound " + s.getRemoteSocketAddress() + " refused: " + no);
      closeQuietly(s);
      return;
    }
    HandshakeAdmission.Pending p = admission.admit(s);
    if (host.isClosed()) {
      closeQuietly(s);
    }
    Thread.ofVirtual()
        .name("handshake " + s.getRemoteSocketAddress())
        .start(
            () -> {
              try {
                host.upgradeInbound(s, p);
              } catch (IOException | RuntimeException e) {
                host.inboundFailed();
                host.events().handshakeFailed(false, HandshakeFailure.of(e, p.evicted));
                if (e instanceof Upgrader.Expired x) {
                  host.refusals().add(x.reason);
                }
                LOG.fine(
                    () ->
                        "inbound upgrade from "
                            + s.getRemoteSocketAddress()
                            + (p.evicted ? " evicted: " : " failed: ")
                            + e);
                closeQuietly(s);
              } finally {
                admission.done(p);
              }
            });
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
