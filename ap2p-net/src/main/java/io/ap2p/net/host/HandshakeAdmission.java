package io.ap2p.net.host;

import io.ap2p.net.resource.Refusal;
import io.ap2p.net.resource.Refusals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Admission of inbound connections still in their handshake. A new socket is always admitted; when
 * the pending set is full, it evicts the <em>stalest</em> unfinished handshake (the one whose last
 * step is oldest) of the remote IP holding the most, and when its own IP holds its per-IP share,
 * the stalest of that IP. Together with the upgrader's short first-message deadline this keeps one
 * remote from locking others out:
 *
 * <ul>
 *   <li>a remote on another IP than the attacker is never evicted by it (the attacker's IP always
 *       holds the most once the set is full, and its own per-IP share evicts its own first);
 *   <li>a remote on the attacker's IP (loopback, a shared NAT) is evicted only if more than the
 *       pending cap of newer handshakes arrive between two of its own steps (a step is a stage of
 *       the upgrade, not a byte, so trickling does not count as progress) — an honest peer takes a
 *       few round trips, the attacker must open cap / round-trip connections per second;
 *   <li>what nothing here stops: many IPs (a botnet) opening handshakes faster than honest peers
 *       finish theirs; that needs rate limits upstream (a firewall, SYN cookies, allow lists).
 * </ul>
 */
final class HandshakeAdmission {

  /** One unfinished inbound handshake. */
  static final class Pending implements Upgrader.Progress {
    final Socket socket;
    final InetAddress ip;
    private final long accepted;
    private volatile long lastStep;
    volatile boolean evicted;

    Pending(Socket socket, long now) {
      this.socket = socket;
      this.ip = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
      this.accepted = now;
      this.lastStep = now;
    }

    @Override
    public void reached(Upgrader.Stage stage) {
      lastStep = System.nanoTime();
    }

    /** True if this one is staler than {@code other}: older last step, then older accept. */
    boolean stalerThan(Pending other) {
      long d = lastStep - other.lastStep;
      return d != 0 ? d < 0 : accepted - other.accepted < 0;
    }
  }

  private final int max;
  private final int maxPerIp;
  private final boolean limitLoopback;
  private final Refusals refusals;
  private final List<Pending> pending = new ArrayList<>(); // guarded by this
  private final Map<InetAddress, Integer> perIp = new HashMap<>(); // guarded by this
  private final Map<InetAddress, Integer> evictedPerIp = new HashMap<>(); // guarded by this

  HandshakeAdmission(int max, int maxPerIp, boolean limitLoopback, Refusals refusals) {
    this.max = max;
    this.maxPerIp = maxPerIp;
    this.limitLoopback = limitLoopback;
    this.refusals = refusals;
  }

  /** Admits {@code s}, evicting (closing) another unfinished handshake if the set is full. */
  Pending admit(Socket s) {
    Pending p = new Pending(s, System.nanoTime());
    Pending victim = null;
    synchronized (this) {
      boolean perIpApplies = limitLoopback || !p.ip.isLoopbackAddress();
      if (perIpApplies && perIp.getOrDefault(p.ip, 0) >= maxPerIp) {
        victim = stalestOf(p.ip);
      } else if (pending.size() >= max) {
        victim = stalestOf(busiestIp());
      }
      if (victim != null) {
        remove(victim);
        evictedPerIp.merge(victim.ip, 1, Integer::sum);
      }
      pending.add(p);
      perIp.merge(p.ip, 1, Integer::sum);
    }
    if (victim != null) {
      victim.evicted = true;
      refusals.add(Refusal.HANDSHAKE_EVICTED);
      try {
        victim.socket.close(); // its upgrade fails and its thread ends
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    return p;
  }

  /** The handshake ended (upgraded, failed or evicted); idempotent. */
  synchronized void done(Pending p) {
    remove(p);
  }

  /** Handshakes from {@code ip} evicted so far. */
  synchronized int evicted(InetAddress ip) {
    return evictedPerIp.getOrDefault(ip, 0);
  }

  /** Unfinished handshakes now. */
  synchronized int size() {
    return pending.size();
  }

  /** Sockets of the unfinished handshakes, to close with the host. */
  synchronized List<Socket> sockets() {
    return pending.stream().map(p -> p.socket).toList();
  }

  private void remove(Pending p) {
    if (pending.remove(p)) {
      perIp.computeIfPresent(p.ip, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  private InetAddress busiestIp() {
    InetAddress best = null;
    int most = 0;
    for (var e : perIp.entrySet()) {
      if (e.getValue() > most) {
        most = e.getValue();
        best = e.getKey();
      }
    }
    return best;
  }

  private Pending stalestOf(InetAddress ip) {
    Pending stalest = null;
    for (Pending q : pending) {
      if (q.ip.equals(ip) && (stalest == null || q.stalerThan(stalest))) {
        stalest = q;
      }
    }
    return stalest;
  }
}
