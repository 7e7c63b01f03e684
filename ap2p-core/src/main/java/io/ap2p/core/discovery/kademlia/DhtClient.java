package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requesting side of the DHT, sans-I/O: runs node lookups, provider announcements and provider
 * lookups as {@link Lookup}s, and turns answers into further requests. Events in (start an
 * operation, a response arrived, a request failed or timed out), actions out (send this request,
 * this operation completed). The runtime moves messages and times requests out.
 *
 * <pre>
 *   announce(key):  FIND_NODE lookup ──done──▶ ADD_PROVIDER to the k closest ──▶ Completed
 *   providers(key): GET_PROVIDERS lookup (stops at `want` providers) ──────────▶ Completed
 *   closest(key):   FIND_NODE lookup ──────────────────────────────────────────▶ Completed
 * </pre>
 */
public final class DhtClient {

  /** What the runtime must do. */
  public sealed interface Action {
    /**
     * Send {@code message} to {@code to}; report the answer or failure under {@code requestId}
     * (ADD_PROVIDER expects no answer: {@code expectsAnswer} is false).
     */
    record Send(long requestId, PeerId to, KadMessage message, boolean expectsAnswer)
        implements Action {}

    /** Operation {@code opId} finished with {@code result}. */
    record Completed(long opId, Result result) implements Action {}
  }

  /** The kinds of operation. */
  public enum Kind {
    /** Find the peers closest to a key. */
    CLOSEST,
    /** Announce this node as a provider of a key. */
    ANNOUNCE,
    /** Find providers of a key. */
    PROVIDERS
  }

  /**
   * The outcome of an operation.
   *
   * @param kind the operation
   * @param key its key
   * @param closest the closest peers that answered
   * @param providers providers found (PROVIDERS) or announced to (ANNOUNCE: the peers told)
   * @param hops the lookup's depth in hops
   * @param requests requests sent
   */
  public record Result(
      Kind kind, Bytes key, List<PeerId> closest, List<PeerId> providers, int hops, int requests) {}

  private record Op(long id, Kind kind, Bytes key, Lookup lookup) {}

  private record Pending(long opId, PeerId peer) {}

  private final PeerId self;
  private final RoutingTable table;
  private final int alpha;
  private final KadPeer selfRecord;
  private final Map<Long, Op> ops = new HashMap<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private long nextOp = 1;
  private long nextRequest = 1;

  /**
   * A client for {@code table}'s node with concurrency {@code alpha}; {@code selfAddrs} are the
   * binary multiaddrs it announces with provider records.
   */
  public DhtClient(RoutingTable table, int alpha, List<Bytes> selfAddrs) {
    this.self = table.self();
    this.table = table;
    this.alpha = alpha;
    this.selfRecord = new KadPeer(self, selfAddrs, KadPeer.Connection.CONNECTED);
  }

  /** Starts finding the peers closest to {@code key}. */
  public List<Action> closest(Bytes key) {
    return start(Kind.CLOSEST, key, 0);
  }

  /** Starts announcing this node as a provider of {@code key}. */
  public List<Action> announce(Bytes key) {
    return start(Kind.ANNOUNCE, key, 0);
  }

  /** Starts finding up to {@code want} providers of {@code key}. */
  public List<Action> providers(Bytes key, int want) {
    return start(Kind.PROVIDERS, key, Math.max(1, want));
  }

  /** The id the next operation will get (so callers can correlate the actions they receive). */
  public long nextOperationId() {
    return nextOp;
  }

  /** The number of operations under way. */
  public int activeOperations() {
    return ops.size();
  }

  private List<Action> start(Kind kind, Bytes key, int want) {
    KadKey target = KadKey.of(key);
    Lookup lookup =
        new Lookup(
            target, self, table.closest(target, table.k()), table.k(), alpha, want, table::keyOf);
    Op op = new Op(nextOp++, kind, key, lookup);
    ops.put(op.id(), op);
    List<Action> out = new ArrayList<>();
    send(op, lookup.start(), out);
    finishIfDone(op, out);
    return out;
  }

  /** The response to request {@code requestId} arrived from {@code from}. */
  public List<Action> onResponse(long requestId, PeerId from, KadMessage response) {
    Pending p = pending.remove(requestId);
    if (p == null || !p.peer().equals(from)) {
      return List.of(); // unknown, late or from the wrong peer
    }
    table.observe(from);
    Op op = ops.get(p.opId());
    if (op == null) {
      return List.of();
    }
    List<PeerId> closer = new ArrayList<>(response.closerPeers().size());
    response.closerPeers().forEach(k -> closer.add(k.id()));
    List<PeerId> found = new ArrayList<>();
    if (op.kind() == Kind.PROVIDERS) {
      response.providerPeers().forEach(k -> found.add(k.id()));
    }
    List<Action> out = new ArrayList<>();
    send(op, op.lookup().onAnswer(from, closer, found), out);
    finishIfDone(op, out);
    return out;
  }

  /** Request {@code requestId} failed or timed out. */
  public List<Action> onFailure(long requestId) {
    Pending p = pending.remove(requestId);
    if (p == null) {
      return List.of();
    }
    table.remove(p.peer());
    Op op = ops.get(p.opId());
    if (op == null) {
      return List.of();
    }
    List<Action> out = new ArrayList<>();
    send(op, op.lookup().onFailure(p.peer()), out);
    finishIfDone(op, out);
    return out;
  }

  private void send(Op op, List<PeerId> peers, List<Action> out) {
    KadMessage.Type type =
        op.kind() == Kind.PROVIDERS ? KadMessage.Type.GET_PROVIDERS : KadMessage.Type.FIND_NODE;
    for (PeerId peer : peers) {
      long rid = nextRequest++;
      pending.put(rid, new Pending(op.id(), peer));
      out.add(new Action.Send(rid, peer, KadMessage.request(type, op.key()), true));
    }
  }

  private void finishIfDone(Op op, List<Action> out) {
    Lookup l = op.lookup();
    if (!l.isDone() || !ops.containsKey(op.id())) {
      return;
    }
    ops.remove(op.id());
    pending.values().removeIf(p -> p.opId() == op.id());
    List<PeerId> told = List.of();
    if (op.kind() == Kind.ANNOUNCE) {
      told = l.closest();
      KadMessage add =
          new KadMessage(
              KadMessage.Type.ADD_PROVIDER,
              op.key(),
              Optional.empty(),
              List.of(),
              List.of(selfRecord));
      for (PeerId peer : told) {
        out.add(new Action.Send(nextRequest++, peer, add, false));
      }
    }
    List<PeerId> providers = op.kind() == Kind.PROVIDERS ? l.providers() : told;
    out.add(
        new Action.Completed(
            op.id(),
            new Result(op.kind(), op.key(), l.closest(), providers, l.hops(), l.requests())));
  }
}
