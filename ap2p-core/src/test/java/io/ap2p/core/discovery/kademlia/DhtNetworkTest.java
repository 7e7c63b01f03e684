package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Client and server together over an in-memory message queue: nodes bootstrap from one peer,
 * providers announce a capability key, others find them; dead peers time out. Every message goes
 * through the real codec, so the test also proves the encoding carries everything needed.
 */
class DhtNetworkTest {

  static final int K = 20;
  final ManualClock clock = new ManualClock(0);
  final KadCodec codec = new KadCodec(KadLimits.DEFAULTS);
  final Map<PeerId, DhtClient> clients = new HashMap<>();
  final Map<PeerId, DhtServer> servers = new HashMap<>();
  final Map<PeerId, RoutingTable> tables = new HashMap<>();
  final Set<PeerId> dead = new HashSet<>();
  final Map<Long, DhtClient.Result> completed = new HashMap<>();
  int messages;

  record InFlight(PeerId from, DhtClient.Action.Send send) {}

  final ArrayDeque<InFlight> queue = new ArrayDeque<>();

  void node(PeerId p) {
    RoutingTable t = new RoutingTable(p, K);
    tables.put(p, t);
    clients.put(p, new DhtClient(t, 3, List.of()));
    ProviderStore store = new ProviderStore(clock, ProviderStore.Limits.DEFAULTS);
    servers.put(p, new DhtServer(t, store, x -> List.of(), key -> 120_000));
  }

  void run(PeerId from, List<DhtClient.Action> actions) {
    actions.forEach(a -> enqueue(from, a));
    while (!queue.isEmpty()) {
      InFlight f = queue.poll();
      PeerId to = f.send().to();
      messages++;
      DhtClient client = clients.get(f.from());
      if (dead.contains(to)) {
        if (f.send().expectsAnswer()) {
          client.onFailure(f.send().requestId()).forEach(a -> enqueue(f.from(), a));
        }
        continue;
      }
      KadMessage request;
      try {
        request = codec.decode(codec.encode(f.send().message()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      tables.get(to).observe(f.from()); // servers learn of peers that talk to them
      Optional<KadMessage> response = servers.get(to).handle(f.from(), request);
      if (f.send().expectsAnswer()) {
        KadMessage r = response.orElseThrow();
        try {
          r = codec.decode(codec.encode(r));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        messages++;
        client.onResponse(f.send().requestId(), to, r).forEach(a -> enqueue(f.from(), a));
      }
    }
  }

  void enqueue(PeerId from, DhtClient.Action a) {
    switch (a) {
      case DhtClient.Action.Send s -> queue.add(new InFlight(from, s));
      case DhtClient.Action.Completed c -> completed.put(c.opId(), c.result());
    }
  }

  DhtClient.Result op(
      PeerId from, java.util.function.Function<DhtClient, List<DhtClient.Action>> f) {
    long id = clients.get(from).nextOperationId();
    run(from, f.apply(clients.get(from)));
    return completed.get(id);
  }

  List<PeerId> network(int n, long seed) {
    List<PeerId> peers = KadTestPeers.make(n, seed);
    peers.forEach(this::node);
    PeerId boot = peers.get(0);
    for (PeerId p : peers.subList(1, n)) {
      tables.get(p).observe(boot);
      op(p, c -> c.closest(p.multihash()));
    }
    // a second round, as the periodic refresh would do, now that the network is known
    SplittableRandom r = new SplittableRandom(seed);
    for (PeerId p : peers) {
      op(p, c -> c.closest(peers.get(r.nextInt(n)).multihash()));
    }
    return peers;
  }

  @Test
  void providersAnnouncedAreFoundFromAnywhere() {
    List<PeerId> peers = network(60, 1);
    Bytes key = CapabilityKeys.of(new CapabilityTag("image.generate"));
    List<PeerId> providers = peers.subList(10, 13);
    for (PeerId p : providers) {
      DhtClient.Result r = op(p, c -> c.announce(key));
      assertThat(r.kind()).isEqualTo(DhtClient.Kind.ANNOUNCE);
      assertThat(r.providers()).isNotEmpty();
    }
    for (PeerId seeker : List.of(peers.get(30), peers.get(45), peers.get(59))) {
      DhtClient.Result r = op(seeker, c -> c.providers(key, 3));
      assertThat(r.providers()).containsExactlyInAnyOrderElementsOf(providers);
      assertThat(r.hops()).isBetween(1, 6);
    }
  }

  @Test
  void lookupsFinishDespiteDeadPeersAndFindLiveProviders() {
    List<PeerId> peers = network(60, 2);
    Bytes key = CapabilityKeys.of(new CapabilityTag("content.publish"));
    op(peers.get(5), c -> c.announce(key));
    for (int i = 20; i < 35; i++) {
      dead.add(peers.get(i));
    }
    DhtClient.Result r = op(peers.get(50), c -> c.providers(key, 1));
    assertThat(r.providers()).containsExactly(peers.get(5));
    assertThat(r.closest()).doesNotContainAnyElementsOf(dead);
    assertThat(clients.get(peers.get(50)).activeOperations()).isZero();
  }

  @Test
  void aKeyNobodyProvidesCompletesEmpty() {
    List<PeerId> peers = network(40, 3);
    DhtClient.Result r =
        op(peers.get(7), c -> c.providers(CapabilityKeys.of(new CapabilityTag("nobody.has")), 1));
    assertThat(r.providers()).isEmpty();
    assertThat(r.closest()).hasSizeLessThanOrEqualTo(K).isNotEmpty();
  }
}
