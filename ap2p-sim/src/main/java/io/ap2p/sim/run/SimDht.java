package io.ap2p.sim.run;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.kademlia.DhtServer;
import io.ap2p.core.discovery.kademlia.KadCodec;
import io.ap2p.core.discovery.kademlia.KadKey;
import io.ap2p.core.discovery.kademlia.KadLimits;
import io.ap2p.core.discovery.kademlia.KadMessage;
import io.ap2p.core.discovery.kademlia.ProviderStore;
import io.ap2p.core.discovery.kademlia.RoutingTable;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.world.Latency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The DHT of a simulated world: one node per peer running ap2p-core's Kademlia state machines (the
 * same {@link RoutingTable}, {@link DhtClient}, {@link DhtServer} and {@link ProviderStore} a real
 * node runs), with messages carried by the event engine over the peer link model, their bytes
 * counted from the real kad-dht encoder, and requests to a peer that is down timing out.
 */
public final class SimDht {

  /** Bucket size and replication. */
  public static final int K = 20;

  /** Lookup concurrency. */
  public static final int ALPHA = 3;

  /** Contacts each node starts with (its bootstrap). */
  public static final int CONTACTS = 8;

  /**
   * How long a request to a peer that is down takes to fail: its process is gone, so the connection
   * attempt is refused after one round trip (a vanished machine would time out instead; the model
   * does not distinguish).
   */
  long failureMicros() {
    return link.sampleMicros(net) + link.sampleMicros(net);
  }

  private final class Node {
    final PeerId id;
    final KadKey key;
    final RoutingTable table;
    final DhtClient client;
    final DhtServer server;
    final Map<Long, Consumer<DhtClient.Result>> ops = new HashMap<>();

    Node(PeerId id) {
      this.id = id;
      this.table = new RoutingTable(id, K, SimDht.this::keyOf);
      this.key = table.selfKey(); // hashed by the table; shared from here on
      this.client = new DhtClient(table, ALPHA, List.of());
      this.server =
          new DhtServer(
              table,
              new ProviderStore(engine, ProviderStore.Limits.DEFAULTS),
              p -> List.of(),
              k -> recordTtlMillis);
    }
  }

  private final Engine engine;
  private final SplittableRandom net;
  private final Latency link;
  private final long recordTtlMillis;
  private final LongConsumer countMessage;
  private final Predicate<PeerId> alive;
  private BiPredicate<PeerId, Bytes> senderCheck = (p, b) -> true;
  private final KadCodec codec = new KadCodec(KadLimits.DEFAULTS);
  private final Map<PeerId, Node> nodes = new HashMap<>();
  private final Map<PeerId, Bytes> served = new HashMap<>(); // what each provider hands out
  private final List<PeerId> order = new ArrayList<>();
  private Consumer<List<PeerId>> named = providers -> {}; // churn: judges what lookups return
  private ToLongFunction<PeerId> session = peer -> 0; // churn: -1 offline, else session epoch
  private boolean churning; // whether sessions() was set (then fetches check the provider's)

  /**
   * A DHT over {@code link}; {@code countMessage} receives the encoded size of every message sent;
   * requests to peers {@code alive} rejects time out.
   */
  public SimDht(
      Engine engine,
      SplittableRandom net,
      Latency link,
      long recordTtlMillis,
      LongConsumer countMessage,
      Predicate<PeerId> alive) {
    this.engine = engine;
    this.net = net;
    this.link = link;
    this.recordTtlMillis = recordTtlMillis;
    this.countMessage = countMessage;
    this.alive = alive;
  }

  /**
   * Checks every descriptor fetched by {@link #find(PeerId, Query, Consumer)} with {@code check}:
   * kept only if it accepts it as signed by the provider it came from (by default, all are kept).
   */
  public void senderCheck(BiPredicate<PeerId, Bytes> check) {
    this.senderCheck = check;
  }

  /** As {@link #find(PeerId, Query, BiPredicate, Consumer)} with the {@link #senderCheck}. */
  public void find(PeerId requester, Query query, Consumer<List<Bytes>> got) {
    find(requester, query, senderCheck, got);
  }

  /**
   * The keyspace point of {@code peer}: hashed once per simulated node and shared by every table
   * that holds it (at 10^6 nodes, a point per table entry would not fit).
   */
  private KadKey keyOf(PeerId peer) {
    Node n = nodes.get(peer);
    return n != null ? n.key : KadKey.of(peer);
  }

  /** Adds a node for {@code peer} that knows up to {@link #CONTACTS} nodes already present. */
  public void join(PeerId peer, SplittableRandom random) {
    Node n = new Node(peer);
    int have = order.size();
    nodes.put(peer, n); // before the contacts learn of it, so they share its key
    for (int i = 0; i < Math.min(CONTACTS, have); i++) {
      PeerId contact = order.get(random.nextInt(have));
      n.table.observe(contact);
      nodes.get(contact).table.observe(peer); // the contact learns of the newcomer too
    }
    order.add(peer);
  }

  /**
   * {@code peer} comes back online after being away, as a restarted node does: an empty routing
   * table and provider store (both in memory only), up to {@link #CONTACTS} live bootstrap
   * contacts, then a lookup of its own key so its neighbourhood learns of it and it of them.
   */
  public void rejoin(PeerId peer, SplittableRandom random) {
    Node n = new Node(peer);
    nodes.put(peer, n);
    int have = order.size();
    for (int i = 0, tries = 0; i < CONTACTS && tries < 4 * CONTACTS; tries++) {
      PeerId contact = order.get(random.nextInt(have));
      if (!contact.equals(peer) && alive.test(contact)) {
        n.table.observe(contact);
        nodes.get(contact).table.observe(peer);
        i++;
      }
    }
    closest(peer, peer.multihash(), r -> {});
  }

  /**
   * Under churn: {@code epoch} tells, for a peer, -1 while it is offline and otherwise a number
   * that changes whenever it leaves or returns. A peer that leaves drops what it was doing: a
   * request reaching it after it left goes unanswered, and answers reaching it for operations it
   * began before (lookups, announcements, descriptor fetches) are discarded. Without it every peer
   * is always in its first session.
   */
  public void sessions(ToLongFunction<PeerId> epoch) {
    this.session = epoch;
    this.churning = true;
  }

  /** Hands {@code listener} the providers named by every lookup of {@link #find}. */
  public void onLookup(Consumer<List<PeerId>> listener) {
    this.named = listener;
  }

  /** {@code peer} looks up the peers closest to {@code key} (a self-lookup fills its buckets). */
  public void closest(PeerId peer, Bytes key, Consumer<DhtClient.Result> done) {
    Node n = nodes.get(peer);
    n.ops.put(n.client.nextOperationId(), done);
    run(n, n.client.closest(key));
  }

  /** Peers in {@code peer}'s routing table. */
  public int tableSize(PeerId peer) {
    Node n = nodes.get(peer);
    return n == null ? 0 : n.table.size();
  }

  /**
   * {@code peer} starts handing out {@code descriptor} and announces provider records for {@code
   * tag} and its parents; {@code fewestTold} then gets the fewest peers told of any key (each key
   * must land somewhere for the descriptor to be findable).
   */
  public void publish(PeerId peer, Bytes descriptor, CapabilityTag tag, IntConsumer fewestTold) {
    served.put(peer, descriptor);
    List<Bytes> keys = CapabilityKeys.withParents(tag);
    int[] left = {keys.size()};
    int[] told = {Integer.MAX_VALUE};
    for (Bytes key : keys) {
      announce(
          peer,
          key,
          r -> {
            told[0] = Math.min(told[0], r.providers().size());
            if (--left[0] == 0) {
              fewestTold.accept(told[0]);
            }
          });
    }
  }

  /**
   * {@code requester} looks up providers of each of the query's tags, as a node's DhtFinder does
   * (stopping at k per tag, the providers of all tags merged in order of first appearance), then
   * fetches each provider's descriptor from the provider itself (a provider that is down refuses
   * after a round trip) and keeps it only if {@code fromSender} accepts it as signed by the
   * provider it came from (the node's sender check); {@code got} receives what was kept, in
   * provider order.
   */
  public void find(
      PeerId requester,
      Query query,
      BiPredicate<PeerId, Bytes> fromSender,
      Consumer<List<Bytes>> got) {
    List<CapabilityTag> tags = query.tags().stream().distinct().toList();
    Set<PeerId> merged = new LinkedHashSet<>();
    int[] lookups = {tags.size()};
    for (CapabilityTag tag : tags) {
      providers(
          requester,
          CapabilityKeys.of(tag),
          Math.min(query.limit(), K), // one close peer's answer holds up to k providers
          r -> {
            merged.addAll(r.providers());
            if (--lookups[0] == 0) {
              fetch(List.copyOf(merged), query, fromSender, got);
            }
          });
    }
    if (tags.isEmpty()) {
      got.accept(List.of());
    }
  }

  private void fetch(
      List<PeerId> ps,
      Query query,
      BiPredicate<PeerId, Bytes> fromSender,
      Consumer<List<Bytes>> got) {
    named.accept(ps);
    RegistryMessage.Find ask = new RegistryMessage.Find(query);
    Bytes[] fetched = new Bytes[ps.size()];
    int[] left = {ps.size()};
    Runnable finish =
        () -> {
          List<Bytes> out = new ArrayList<>();
          for (int i = 0; i < fetched.length; i++) {
            if (fetched[i] != null && fromSender.test(ps.get(i), fetched[i])) {
              out.add(fetched[i]);
            }
          }
          got.accept(out);
        };
    if (ps.isEmpty()) {
      finish.run();
      return;
    }
    for (int i = 0; i < ps.size(); i++) {
      int at = i;
      PeerId provider = ps.get(i);
      countMessage.accept(ask.encodedSize());
      Bytes descriptor = served.get(provider);
      if (descriptor == null || !alive.test(provider)) {
        engine.after(
            failureMicros(),
            () -> {
              if (--left[0] == 0) {
                finish.run();
              }
            });
        continue;
      }
      if (!churning) {
        engine.after(
            link.sampleMicros(net) + link.sampleMicros(net),
            () -> {
              countMessage.accept(new RegistryMessage.Found(List.of(descriptor)).encodedSize());
              fetched[at] = descriptor;
              if (--left[0] == 0) {
                finish.run();
              }
            });
        continue;
      }
      long providerSession = session.applyAsLong(provider);
      long there = link.sampleMicros(net);
      long back = link.sampleMicros(net);
      engine.after(
          there,
          () -> {
            if (session.applyAsLong(provider) != providerSession) {
              // left before answering: the requester waits out its timeout
              engine.after(
                  Math.max(0, failureMicros() - there),
                  () -> {
                    if (--left[0] == 0) {
                      finish.run();
                    }
                  });
              return;
            }
            countMessage.accept(new RegistryMessage.Found(List.of(descriptor)).encodedSize());
            engine.after(
                back,
                () -> {
                  fetched[at] = descriptor;
                  if (--left[0] == 0) {
                    finish.run();
                  }
                });
          });
    }
  }

  /** {@code peer} announces itself as a provider of {@code key}. */
  public void announce(PeerId peer, Bytes key, Consumer<DhtClient.Result> done) {
    Node n = nodes.get(peer);
    n.ops.put(n.client.nextOperationId(), done);
    run(n, n.client.announce(key));
  }

  /** {@code peer} looks for up to {@code want} providers of {@code key}. */
  public void providers(PeerId peer, Bytes key, int want, Consumer<DhtClient.Result> done) {
    Node n = nodes.get(peer);
    n.ops.put(n.client.nextOperationId(), done);
    run(n, n.client.providers(key, want));
  }

  private void run(Node n, List<DhtClient.Action> actions) {
    for (DhtClient.Action a : actions) {
      switch (a) {
        case DhtClient.Action.Send s -> send(n, s);
        case DhtClient.Action.Completed c -> {
          Consumer<DhtClient.Result> done = n.ops.remove(c.opId());
          if (done != null) {
            done.accept(c.result());
          }
        }
      }
    }
  }

  private void send(Node from, DhtClient.Action.Send s) {
    countMessage.accept(codec.encodedSize(s.message()));
    Node to = nodes.get(s.to());
    if (to == null || !alive.test(s.to())) {
      if (s.expectsAnswer()) {
        long fromSession = session.applyAsLong(from.id);
        engine.after(
            failureMicros(),
            () -> {
              if (session.applyAsLong(from.id) == fromSession) {
                run(from, from.client.onFailure(s.requestId()));
              }
            });
      }
      return;
    }
    long fromSession = session.applyAsLong(from.id);
    long toSession = session.applyAsLong(s.to());
    long there = link.sampleMicros(net);
    engine.after(
        there,
        () -> {
          if (session.applyAsLong(s.to()) != toSession) {
            // churn: it left (or left and came back as a new node) while the request travelled
            if (s.expectsAnswer()) {
              engine.after(
                  Math.max(0, failureMicros() - there),
                  () -> {
                    if (session.applyAsLong(from.id) == fromSession) {
                      run(from, from.client.onFailure(s.requestId()));
                    }
                  });
            }
            return;
          }
          to.table.observe(from.id);
          Optional<KadMessage> answer = to.server.handle(from.id, s.message());
          if (answer.isEmpty() || !s.expectsAnswer()) {
            return;
          }
          countMessage.accept(codec.encodedSize(answer.get()));
          engine.after(
              link.sampleMicros(net),
              () -> {
                if (session.applyAsLong(from.id) == fromSession) {
                  run(from, from.client.onResponse(s.requestId(), to.id, answer.get()));
                }
              });
        });
  }
}
