package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

  private record Entry(PeerId peer, KadKey key) {}

  private final KadKey target;
  private final Function<PeerId, KadKey> keys;
  private final PeerId self;
  private final int k;
  private final int alpha;
  private final int wantProviders;
  private final TreeMap<Entry, State> peers;
  private final Map<PeerId, Entry> entries = new HashMap<>();
  private final Map<PeerId, Integer> hop = new HashMap<>();
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
        new TreeMap<>(
            (a, b) -> {
              int c = target.compareDistance(a.key(), b.key());
              return c != 0 ? c : a.peer().compareTo(b.peer());
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
    if (e == null || peers.get(e) != State.IN_FLIGHT) {
      return List.of(); // unsolicited or late: ignore
    }
    peers.put(e, State.ANSWERED);
    inFlight--;
    int h = hop.getOrDefault(from, 1);
    for (PeerId p : closer) {
      offer(p, h + 1);
    }
    providers.addAll(found);
    return next();
  }

  /** The request to {@code from} failed or timed out; returns the requests to send next. */
  public List<PeerId> onFailure(PeerId from) {
    Entry e = entries.get(from);
    if (e == null || peers.get(e) != State.IN_FLIGHT) {
      return List.of();
    }
    peers.put(e, State.FAILED);
    inFlight--;
    return next();
  }

  /** Whether the lookup has finished. */
  public boolean isDone() {
    if (wantProviders > 0 && providers.size() >= wantProviders) {
      return true;
    }
    int seen = 0;
    for (Map.Entry<Entry, State> e : peers.entrySet()) {
      if (e.getValue() == State.FAILED) {
        continue;
      }
      if (e.getValue() != State.ANSWERED) {
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
    for (Map.Entry<Entry, State> e : peers.entrySet()) {
      if (e.getValue() == State.ANSWERED) {
        out.add(e.getKey().peer());
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
      max = Math.max(max, hop.getOrDefault(p, 1));
    }
    return max;
  }

  private void offer(PeerId p, int hops) {
    if (p.equals(self) || entries.containsKey(p)) {
      return;
    }
    Entry e = new Entry(p, keys.apply(p));
    entries.put(p, e);
    peers.put(e, State.CANDIDATE);
    hop.put(p, hops);
  }

  private List<PeerId> next() {
    if (isDone()) {
      return List.of();
    }
    List<PeerId> ask = new ArrayList<>();
    int considered = 0;
    for (Map.Entry<Entry, State> e : peers.entrySet()) {
      if (inFlight >= alpha) {
        break;
      }
      if (e.getValue() == State.FAILED) {
        continue;
      }
      if (++considered > k) {
        break; // only the k closest live peers are worth asking
      }
      if (e.getValue() == State.CANDIDATE) {
        e.setValue(State.IN_FLIGHT);
        inFlight++;
        requests++;
        ask.add(e.getKey().peer());
      }
    }
    return ask;
  }
}
