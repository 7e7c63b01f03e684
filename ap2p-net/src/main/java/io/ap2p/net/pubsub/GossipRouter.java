package io.ap2p.net.pubsub;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The GossipSub v1.1 router, sans-I/O: events in (a peer came or went, an RPC arrived, a message
 * was validated, the heartbeat fired, the application joined, left or published), RPCs out through
 * {@link #drain()}. Time and randomness are injected; peers are visited in peer-id order before any
 * random draw, so a seed replays a run exactly. Not thread-safe: drive it under one lock.
 *
 * <pre>
 *   peer P subscribed to T        heartbeat: |mesh| &lt; D_lo → GRAFT up to D
 *        │                                    |mesh| &gt; D_hi → PRUNE down to D
 *        ▼         GRAFT (sent or received)
 *   known(P,T) ───────────────────────────▶ mesh(T) ∋ P
 *        ▲                                      │ PRUNE (sent or received):
 *        └──────── backoff expires ◀── backoff(P,T) (no GRAFT either way)
 * </pre>
 *
 * <p>What is left out of gossipsub-v1.1.md is listed in docs/networking.md ("Pubsub"): the peer
 * score function (a peer is only counted for invalid messages and dropped past a limit), peer
 * exchange, outbound mesh quotas, opportunistic grafting and explicit peering.
 */
public final class GossipRouter {

  /** A message that passed the router's checks and awaits the application's validation. */
  public record Received(PeerId source, Bytes id, PubsubMessage message) {}

  /** The longest backoff a peer's PRUNE can ask for (longer ones are cut to it). */
  static final long MAX_BACKOFF_SECONDS = 3600;

  private final Signer self;
  private final GossipParams p;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<PeerId, Set<String>> peers = new TreeMap<>();
  private final Map<PeerId, Integer> invalid = new HashMap<>();
  private final Set<String> joined = new TreeSet<>();
  private final Map<String, Set<PeerId>> mesh = new TreeMap<>();
  private final Map<String, Set<PeerId>> fanout = new TreeMap<>();
  private final Map<String, Long> lastPublished = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
  private final Map<PeerId, Integer> ihavesThisBeat = new HashMap<>();
  private final Map<PeerId, Integer> askedThisBeat = new HashMap<>();
  private final SeenCache seen;
  private final MessageCache cache;
  private final Outbox out = new Outbox();
  private long seqno;

  /** A router publishing as {@code self}. */
  public GossipRouter(Signer self, GossipParams params, Clock clock, RandomGenerator random) {
    this.self = self;
    this.p = params;
    this.clock = clock;
    this.random = random;
    this.seen = new SeenCache(params.seenTtl().toMillis(), 200_000);
    this.cache = new MessageCache(params.historyGossip(), params.historyLength());
    this.seqno = random.nextLong() >>> 1; // unique per author across restarts, with high odds
  }

  // ---- peers and topics (gossipsub-v1.0.md, "Router State" and "Topic Membership")

  /** A peer speaking the protocol came: it is told our subscriptions. */
  public void addPeer(PeerId peer) {
    if (peers.putIfAbsent(peer, new TreeSet<>()) == null) {
      for (String t : joined) {
        out.subscription(peer, t, true);
      }
    }
  }

  /** A peer went: it leaves every mesh and fanout set. */
  public void removePeer(PeerId peer) {
    peers.remove(peer);
    invalid.remove(peer);
    mesh.values().forEach(s -> s.remove(peer));
    fanout.values().forEach(s -> s.remove(peer));
    out.drop(peer);
  }

  /** Joins {@code topic}: announces it and grafts up to D peers (fanout peers first). */
  public void join(String topic) {
    if (!joined.add(topic)) {
      return;
    }
    for (PeerId peer : peers.keySet()) {
      out.subscription(peer, topic, true);
    }
    Set<PeerId> m = new TreeSet<>();
    Set<PeerId> fromFanout = fanout.remove(topic);
    lastPublished.remove(topic);
    if (fromFanout != null) {
      fromFanout.stream().filter(q -> !backingOff(topic, q)).limit(p.d()).forEach(m::add);
    }
    mesh.put(topic, m);
    fill(topic, m, p.d(), true);
  }

  /** Leaves {@code topic}: announces it and prunes the mesh, with backoff. */
  public void leave(String topic) {
    if (!joined.remove(topic)) {
      return;
    }
    for (PeerId peer : peers.keySet()) {
      out.subscription(peer, topic, false);
    }
    for (PeerId peer : mesh.remove(topic)) {
      prune(peer, topic);
    }
  }

  /**
   * Signs {@code data} as a new message on {@code topic} and sends it (gossipsub-v1.1.md, "Flood
   * Publishing": to every subscribed peer when flood publishing, else to the mesh or fanout).
   *
   * @return the message id
   */
  public Bytes publish(String topic, Bytes data) {
    PubsubMessage m = MessageSigning.sign(self, topic, data, ++seqno);
    Bytes id = m.id();
    seen.add(id, clock.millis());
    cache.put(id, m);
    Set<PeerId> targets;
    if (p.floodPublish()) {
      targets = subscribers(topic);
    } else if (joined.contains(topic)) {
      targets = mesh.get(topic);
    } else {
      targets = fanout.computeIfAbsent(topic, t -> new TreeSet<>());
      fill(topic, targets, p.d(), false);
      lastPublished.put(topic, clock.millis());
    }
    for (PeerId peer : targets) {
      out.message(peer, m);
    }
    return id;
  }

  // ---- RPCs in (gossipsub-v1.0.md, "Message Processing" and "Control Message Processing")

  /**
   * Handles an RPC from {@code from}: subscriptions and control messages take effect; new messages
   * on joined topics that StrictSign accepts come back for the application to validate, each to be
   * finished with {@link #validated}. A peer past {@code maxInvalidMessages} is ignored.
   */
  public List<Received> receive(PeerId from, Rpc rpc) {
    Set<String> topics = peers.get(from);
    if (topics == null || graylisted(from)) {
      return List.of();
    }
    for (Rpc.SubOpts s : rpc.subscriptions()) {
      if (s.subscribe()) {
        if (topics.size() < 1024) {
          topics.add(s.topic());
        }
      } else {
        topics.remove(s.topic());
        Optional.ofNullable(mesh.get(s.topic())).ifPresent(m -> m.remove(from));
        Optional.ofNullable(fanout.get(s.topic())).ifPresent(m -> m.remove(from));
      }
    }
    List<Received> fresh = new ArrayList<>();
    long now = clock.millis();
    for (PubsubMessage m : rpc.publish()) {
      if (!joined.contains(m.topic()) || m.from().equals(self.peerId().multihash())) {
        continue;
      }
      Bytes id = m.id();
      if (seen.contains(id, now)) {
        continue; // a duplicate (gossipsub-v1.0.md, "Message Processing")
      }
      // checked before the id is marked seen: else a forged message carrying an author's next
      // (from, seqno) would make this router drop the author's real message as a duplicate
      if (MessageSigning.verify(m).isPresent()) {
        invalid.merge(from, 1, Integer::sum);
        continue;
      }
      if (!seen.add(id, now)) {
        continue; // the same message twice in this RPC
      }
      fresh.add(new Received(from, id, m));
    }
    Rpc.Control c = rpc.control();
    c.graft().forEach(g -> onGraft(from, g.topic()));
    c.prune().forEach(pr -> onPrune(from, pr));
    c.ihave().forEach(h -> onIHave(from, h));
    c.iwant().forEach(w -> onIWant(from, w));
    return fresh;
  }

  /** The application's verdict on {@code r}: accepted messages are cached and forwarded. */
  public void validated(Received r, Validation v) {
    switch (v) {
      case ACCEPT -> {
        cache.put(r.id(), r.message());
        Set<PeerId> m = mesh.getOrDefault(r.message().topic(), Set.of());
        for (PeerId peer : m) {
          if (!peer.equals(r.source()) && !peer.multihash().equals(r.message().from())) {
            out.message(peer, r.message());
          }
        }
      }
      case REJECT -> invalid.merge(r.source(), 1, Integer::sum);
      case IGNORE -> {}
    }
  }

  private void onGraft(PeerId from, String topic) {
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      out.prune(from, topic, p.pruneBackoff().toSeconds()); // not joined: refuse
    } else if (backingOff(topic, from)) {
      prune(from, topic); // grafted during its backoff (gossipsub-v1.1.md, "PRUNE Backoff")
    } else {
      m.add(from);
    }
  }

  private void onPrune(PeerId from, Rpc.Prune pr) {
    Set<PeerId> m = mesh.get(pr.topic());
    if (m == null) {
      return; // not joined: no backoff to keep (else PRUNEs of made-up topics fill the map)
    }
    m.remove(from);
    // the peer's backoff, at least ours and at most MAX_BACKOFF_SECONDS (no overflow, no entry kept
    // for ever)
    long seconds =
        Math.min(
            Math.max(pr.backoffSeconds(), p.pruneBackoff().toSeconds()),
            Math.max(MAX_BACKOFF_SECONDS, p.pruneBackoff().toSeconds()));
    backoff
        .computeIfAbsent(pr.topic(), t -> new HashMap<>())
        .put(from, clock.millis() + seconds * 1000);
  }

  private void onIHave(PeerId from, Rpc.IHave h) {
    if (!joined.contains(h.topic())
        || ihavesThisBeat.merge(from, 1, Integer::sum) > p.maxIHaveMessages()) {
      return;
    }
    int room = p.maxIHaveLength() - askedThisBeat.getOrDefault(from, 0);
    long now = clock.millis();
    Set<Bytes> want = new java.util.LinkedHashSet<>(); // a list's contains made an IHAVE quadratic
    for (Bytes id : h.messageIds()) {
      if (want.size() >= room) {
        break;
      }
      if (!want.contains(id) && !seen.contains(id, now)) {
        want.add(id);
      }
    }
    if (!want.isEmpty()) {
      askedThisBeat.merge(from, want.size(), Integer::sum);
      out.iwant(from, List.copyOf(want));
    }
  }

  private void onIWant(PeerId from, Rpc.IWant w) {
    for (Bytes id : w.messageIds()) {
      cache.getForPeer(id, from, p.gossipRetransmission()).ifPresent(m -> out.message(from, m));
    }
  }

  // ---- heartbeat (gossipsub-v1.0.md, "Heartbeat")

  /** Maintains meshes and fanout, emits gossip, shifts the message cache. */
  public void heartbeat() {
    long now = clock.millis();
    ihavesThisBeat.clear();
    askedThisBeat.clear();
    backoff.values().forEach(b -> b.values().removeIf(until -> until <= now));
    backoff.values().removeIf(Map::isEmpty);
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> m = e.getValue();
      m.removeIf(q -> !subscribed(q, topic) || graylisted(q));
      if (m.size() < p.dLo()) {
        fill(topic, m, p.d(), true);
      }
      if (m.size() > p.dHi()) {
        List<PeerId> list = new ArrayList<>(m);
        Collections.shuffle(list, random);
        for (PeerId q : list.subList(p.d(), list.size())) {
          m.remove(q);
          prune(q, topic);
        }
      }
    }
    fanout
        .entrySet()
        .removeIf(e -> lastPublished.getOrDefault(e.getKey(), 0L) + p.fanoutTtl().toMillis() < now);
    for (Map.Entry<String, Set<PeerId>> e : fanout.entrySet()) {
      e.getValue().removeIf(q -> !subscribed(q, e.getKey()));
      fill(e.getKey(), e.getValue(), p.d(), false);
    }
    Set<String> gossipTopics = new TreeSet<>(mesh.keySet());
    gossipTopics.addAll(fanout.keySet());
    gossipTopics.forEach(this::emitGossip);
    cache.shift();
    seen.purge(now);
  }

  private void emitGossip(String topic) {
    List<Bytes> ids = cache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    if (ids.size() > p.maxIHaveLength()) {
      Collections.shuffle(ids, random);
      ids = ids.subList(0, p.maxIHaveLength());
    }
    Set<PeerId> excluded = new HashSet<>(mesh.getOrDefault(topic, Set.of()));
    excluded.addAll(fanout.getOrDefault(topic, Set.of()));
    List<PeerId> eligible = new ArrayList<>();
    for (PeerId q : subscribers(topic)) {
      if (!excluded.contains(q) && !graylisted(q)) {
        eligible.add(q);
      }
    }
    // gossipsub-v1.1.md, "Adaptive Gossip Dissemination": max(D_lazy, factor × eligible)
    int n = Math.max(p.dLazy(), (int) (p.gossipFactor() * eligible.size()));
    Collections.shuffle(eligible, random);
    for (PeerId q : eligible.subList(0, Math.min(n, eligible.size()))) {
      out.ihave(q, topic, ids);
    }
  }

  // ---- helpers

  /** Adds random eligible subscribers of {@code topic} to {@code set} up to {@code target}. */
  private void fill(String topic, Set<PeerId> set, int target, boolean graft) {
    if (set.size() >= target) {
      return;
    }
    List<PeerId> candidates = new ArrayList<>();
    for (PeerId q : subscribers(topic)) {
      if (!set.contains(q) && !backingOff(topic, q) && !graylisted(q)) {
        candidates.add(q);
      }
    }
    Collections.shuffle(candidates, random);
    for (PeerId q : candidates.subList(0, Math.min(target - set.size(), candidates.size()))) {
      set.add(q);
      if (graft) {
        out.graft(q, topic);
      }
    }
  }

  private void prune(PeerId peer, String topic) {
    out.prune(peer, topic, p.pruneBackoff().toSeconds());
    backoff
        .computeIfAbsent(topic, t -> new HashMap<>())
        .put(peer, clock.millis() + p.pruneBackoff().toMillis());
  }

  private boolean backingOff(String topic, PeerId peer) {
    Long until = backoff.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until > clock.millis();
  }

  private boolean graylisted(PeerId peer) {
    return invalid.getOrDefault(peer, 0) >= p.maxInvalidMessages();
  }

  private boolean subscribed(PeerId peer, String topic) {
    Set<String> t = peers.get(peer);
    return t != null && t.contains(topic);
  }

  private Set<PeerId> subscribers(String topic) {
    Set<PeerId> s = new TreeSet<>();
    peers.forEach(
        (q, t) -> {
          if (t.contains(topic)) {
            s.add(q);
          }
        });
    return s;
  }

  // ---- out and observation

  /** The RPCs to send since the last call, per peer in order. */
  List<Outbox.Send> drain() {
    return out.drain();
  }

  /** The peers in the mesh of {@code topic}, in id order. */
  public List<PeerId> mesh(String topic) {
    return List.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  /** The peers known to speak the protocol, in id order. */
  public List<PeerId> peers() {
    return List.copyOf(peers.keySet());
  }

  /** The topics {@code peer} said it subscribes to. */
  public Set<String> topicsOf(PeerId peer) {
    return Set.copyOf(peers.getOrDefault(peer, Set.of()));
  }

  /** Invalid messages counted against {@code peer}. */
  public int invalidFrom(PeerId peer) {
    return invalid.getOrDefault(peer, 0);
  }

  /** (topic, peer) backoffs held now. */
  int backoffs() {
    return backoff.values().stream().mapToInt(Map::size).sum();
  }

  /** Messages in the cache now. */
  public int cached() {
    return cache.size();
  }
}
