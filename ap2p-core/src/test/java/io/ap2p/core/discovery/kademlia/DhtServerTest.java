package io.ap2p.core.discovery.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kad-dht request handler and the provider store's bounds. */
class DhtServerTest {

  final List<PeerId> peers = KadTestPeers.make(1200, 3);
  final ManualClock clock = new ManualClock(0);
  final RoutingTable table = new RoutingTable(peers.get(0), 20);
  final ProviderStore store = new ProviderStore(clock, new ProviderStore.Limits(8, 4, 1000));
  final DhtServer server = new DhtServer(table, store, p -> List.of(), key -> 60_000);
  final Bytes key = CapabilityKeys.of(new CapabilityTag("image.generate"));

  KadMessage addProvider(PeerId sender, PeerId claimed) {
    return new KadMessage(
        KadMessage.Type.ADD_PROVIDER,
        key,
        Optional.empty(),
        List.of(),
        List.of(new KadPeer(claimed, List.of(), KadPeer.Connection.NOT_CONNECTED)));
  }

  @Test
  void providersAreRecordedOnlyForTheSenderAndExpire() {
    PeerId honest = peers.get(1);
    PeerId liar = peers.get(2);
    assertThat(server.handle(honest, addProvider(honest, honest))).isEmpty();
    server.handle(liar, addProvider(liar, peers.get(3))); // claims someone else: ignored
    KadMessage resp =
        server
            .handle(peers.get(4), KadMessage.request(KadMessage.Type.GET_PROVIDERS, key))
            .orElseThrow();
    assertThat(resp.providerPeers()).extracting(KadPeer::id).containsExactly(honest);
    clock.advance(60_000);
    resp =
        server
            .handle(peers.get(4), KadMessage.request(KadMessage.Type.GET_PROVIDERS, key))
            .orElseThrow();
    assertThat(resp.providerPeers()).isEmpty();
  }

  @Test
  void aSybilFloodCannotEvictHonestProviders() {
    PeerId honest = peers.get(1);
    server.handle(honest, addProvider(honest, honest));
    for (PeerId sybil : peers.subList(100, 1100)) {
      server.handle(sybil, addProvider(sybil, sybil));
    }
    List<PeerId> found = store.get(key, 100);
    assertThat(found).contains(honest).hasSize(8);
    assertThat(store.size()).isEqualTo(8);
  }

  @Test
  void perProviderQuotaHolds() {
    PeerId p = peers.get(1);
    List<ProviderStore.Added> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(store.add(Bytes.wrap(new byte[] {(byte) i}), p, 1000));
    }
    assertThat(results).filteredOn(r -> r == ProviderStore.Added.REFUSED).hasSize(2);
  }

  @Test
  void findNodeAnswersTheClosestKnownPeers() {
    peers.subList(1, 200).forEach(table::observe);
    KadKey target = KadKey.of(peers.get(500));
    KadMessage resp =
        server
            .handle(
                peers.get(9),
                KadMessage.request(KadMessage.Type.FIND_NODE, peers.get(500).multihash()))
            .orElseThrow();
    assertThat(resp.closerPeers()).extracting(KadPeer::id).isEqualTo(table.closest(target, 20));
    assertThat(server.handle(peers.get(9), KadMessage.request(KadMessage.Type.PUT_VALUE, key)))
        .isEmpty();
  }

  @Test
  void capabilityKeysCoverParents() {
    List<Bytes> keys = CapabilityKeys.withParents(new CapabilityTag("image.generate.photo"));
    assertThat(keys).hasSize(3);
    assertThat(keys.get(2)).isEqualTo(CapabilityKeys.of(new CapabilityTag("image")));
    assertThat(keys.get(0).length()).isEqualTo(34);
  }
}
