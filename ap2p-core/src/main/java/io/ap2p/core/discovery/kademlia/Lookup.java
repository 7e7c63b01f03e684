package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One iterative Kademlia lookup (kad-dht spec, "Peer routing"), sans-I/O: it says whom to ask next;
 * the runtime sends the FIND_NODE or GET_PROVIDERS requests, and feeds back each answer or failure
 * (including timeouts, which the runtime's timers detect).
 *
 * <pre>
 *   candidate ──ask──▶ in flight ──answer──▶ answered (its closer peers become candidates)
 *                           └──────failure──▶ failed
 *   done when the k closest non-failed peers seen have all answered, when nothing is left to
 *   ask, or (provider lookups) when enough providers are found
 * </pre>
 *
 * <p>At most {@code alpha} requests are in flight. Candidates are ordered by XOR distance to the
 * target, ties by peer id, so a lookup is deterministic for a given sequence of answers.
 */
public final class Lookup {

  private enum State {
    CANDIDATE,
    IN_FLIGHT,
    ANSWERED,
    FAILED
  }

  /** A peer the lookup knows of: where it lies, how it was reached, what became of it. */
  private static final class Entry {
    final PeerId peer;
    final KadKey key;
    final int hops;
    State state = State.CANDIDATE;

    Entry(PeerId peer, KadKey key, int hops) {
      this.peer = peer;
      this.key = key;
      this.hops = hops;
    }
  }

  private final KadKey target;
  private final Function<PeerId, KadKey> keys;
  private final PeerId self;
  private final int k;
  private final int alpha;
  private final int wantProviders;
  private final TreeSet<Entry> peers; // by distance to the target, then peer id
  private final Map<PeerId, Entry> entries = new HashMap<>();
  private final Set<PeerId> providers = new LinkedHashSet<>();
  private int inFlight;
  private int requests;

  /**
   * A lookup of {@code target} by {@code self}, seeded with {@code seeds} (from the routing table),
   * with replication {@code k} and concurrency {@code alpha}; a provider lookup stops after {@code
   * wantProviders} providers (0 for a node lookup).
   */
  public Lookup(
      KadKey target, PeerId self, Collection<PeerId> seeds, int k, int alpha, int wantProviders) {
    this(target, self, seeds, k, alpha, wantProviders, KadKey::of);
  }

  /**
   * The same lookup taking peers' keyspace points from {@code keys} (as its routing table does).
   */
  public Lookup(
      KadKey target,
      PeerId self,
      Collection<PeerId> seeds,
      int k,
      int alpha,
      int wantProviders,
      Function<PeerId, KadKey> keys) {
    this.keys = keys;
    this.target = target;
    this.self = self;
    this.k = k;
    this.alpha = alpha;
    this.wantProviders = wantProviders;
    this.peers =
        new TreeSet<>(
            (a, b) -> {
              int c = target.compareDistance(a.key, b.key);
              return c != 0 ? c : a.peer.compareTo(b.peer);
            });
    for (PeerId p : seeds) {
      offer(p, 1);
    }
  }

  /** The first requests to send. */
  public List<PeerId> start() {
    return next();
  }

  /**
   * {@code from} answered with {@code closer} peers and (provider lookups) {@code found} providers;
   * returns the requests to send next.
   */
  public List<PeerId> onAnswer(PeerId from, List<PeerId> closer, List<PeerId> found) {
    Entry e = entries.get(from);
    if (e == null || e.state != State.IN_FLIGHT) {
      return List.of(); // unsolicited or late: ignore
    }
    e.state = State.ANSWERED;
    inFlight--;
    for (PeerId p : closer) {
      offer(p, e.hops + 1);
    }
    providers.addAll(found);
    return next();
  }

  /** The request to {@code from} failed or timed out; returns the requests to send next. */
  public List<PeerId> onFailure(PeerId from) {
    Entry e = entries.get(from);
    if (e == null || e.state != State.IN_FLIGHT) {
      return List.of();
    }
    e.state = State.FAILED;
    inFlight--;
    return next();
  }

  /** Whether the lookup has finished. */
  public boolean isDone() {
    if (wantProviders > 0 && providers.size() >= wantProviders) {
      return true;
    }
    int seen = 0;
    for (Entry e : peers) {
      if (e.state == State.FAILED) {
        continue;
      }
      if (e.state != State.ANSWERED) {
        return false; // one of the k closest is still to ask or in flight
      }
      if (++seen >= k) {
        return true;
      }
    }
    return inFlight == 0;
  }

  /** The closest peers that answered, closest first, at most k. */
  public List<PeerId> closest() {
    List<PeerId> out = new ArrayList<>(k);
    for (Entry e : peers) {
      if (e.state == State.ANSWERED) {
        out.add(e.peer);
        if (out.size() >= k) {
          break;
        }
      }
    }
    return out;
  }

  /** The providers found so far, in the order found. */
  public List<PeerId> providers() {
    return List.copyOf(providers);
  }

  /** The requests sent so far. */
  public int requests() {
    return requests;
  }

  /** The largest hop count among the closest peers that answered (1 = a seed). */
  public int hops() {
    int max = 0;
    for (PeerId p : closest()) {
      max = Math.max(max, entries.get(p).hops);
    }
    return max;
  }

  private void offer(PeerId p, int hops) {
    if (p.equals(self) || entries.containsKey(p)) {
      return;
    }
    Entry e = new Entry(p, keys.apply(p), hops);
    entries.put(p, e);
    peers.add(e);
  }

  private List<PeerId> next() {
    if (isDone()) {
      return List.of();
    }
    List<PeerId> ask = new ArrayList<>();
    int considered = 0;
    for (Entry e : peers) {
      if (inFlight >= alpha) {
        break;
      }
      if (e.state == State.FAILED) {
        continue;
      }
      if (++considered > k) {
        break; // only the k closest live peers are worth asking
      }
      if (e.state == State.CANDIDATE) {
        e.state = State.IN_FLIGHT;
        inFlight++;
        requests++;
        ask.add(e.peer);
      }
    }
    return ask;
  }
}
