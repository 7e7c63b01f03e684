package io.ap2p.net.host;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.net.multiaddr.Multiaddr;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Known peers (addresses and protocols from identify) and the dial backoff per address: after a
 * failed dial an address is not tried again for a delay that doubles with each failure, up to a
 * bound. Bounded in size: the least recently updated entries go first.
 */
public final class PeerStore {

  /** Most peers remembered. */
  public static final int MAX_PEERS = 10_000;

  private final Clock clock;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Map<PeerId, PeerInfo> peers = lru();
  private final Map<Multiaddr, Backoff> backoffs = lru();

  /** A failure record for one address. */
  record Backoff(int failures, long untilMillis, String lastError) {}

  PeerStore(Clock clock, Duration backoffBase, Duration backoffMax) {
    this.clock = clock;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
  }

  private static <K, V> Map<K, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > MAX_PEERS;
      }
    };
  }

  /** Records what identify said about a peer. */
  public synchronized void put(PeerInfo info) {
    peers.put(info.peer(), info);
  }

  /**
   * Remembers addresses heard for {@code peer} from a third party (a DHT answer) unless identify
   * already told us where it listens.
   */
  public synchronized void addAddrs(PeerId peer, List<Multiaddr> addrs) {
    PeerInfo known = peers.get(peer);
    if (known != null && !known.addrs().isEmpty()) {
      return;
    }
    List<Multiaddr> capped = addrs.size() > 16 ? addrs.subList(0, 16) : addrs;
    peers.put(
        peer,
        known == null
            ? new PeerInfo(peer, capped, List.of(), "")
            : new PeerInfo(peer, capped, known.protocols(), known.agentVersion()));
  }

  /** What is known about {@code peer}. */
  public synchronized Optional<PeerInfo> get(PeerId peer) {
    return Optional.ofNullable(peers.get(peer));
  }

  /** Number of peers known. */
  public synchronized int size() {
    return peers.size();
  }

  /** Fails if {@code addr} is backing off; returns otherwise. */
  synchronized Optional<String> backingOff(Multiaddr addr) {
    Backoff b = backoffs.get(addr);
    long now = clock.millis();
    if (b == null || now >= b.untilMillis()) {
      return Optional.empty();
    }
    return Optional.of(
        "backing off from "
            + addr
            + " for another "
            + (b.untilMillis() - now)
            + " ms after "
            + b.failures()
            + " failed dial"
            + (b.failures() == 1 ? "" : "s")
            + " (last: "
            + b.lastError()
            + ")");
  }

  synchronized void dialFailed(Multiaddr addr, String error) {
    Backoff prev = backoffs.get(addr);
    int failures = prev == null ? 1 : prev.failures() + 1;
    long delay =
        Math.min(backoffMax.toMillis(), backoffBase.toMillis() << Math.min(failures - 1, 20));
    backoffs.put(addr, new Backoff(failures, clock.millis() + delay, error));
  }

  synchronized void dialSucceeded(Multiaddr addr) {
    backoffs.remove(addr);
  }
}
