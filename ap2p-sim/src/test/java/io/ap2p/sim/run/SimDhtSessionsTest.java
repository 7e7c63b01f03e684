package io.ap2p.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.world.Latency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A DHT peer that goes offline drops the work it had in flight, as a stopped node does. */
class SimDhtSessionsTest {

  private static final CapabilityTag TAG = new CapabilityTag("text.summarise");

  private final Engine engine = new Engine(1_700_000_000_000L, 10_000_000);
  private final Map<PeerId, Long> sessions = new HashMap<>();
  private final List<PeerId> peers = new ArrayList<>();
  private SimDht dht;

  private void world(boolean withSessions) {
    SplittableRandom keys = new SplittableRandom(11);
    dht =
        new SimDht(
            engine,
            new SplittableRandom(12),
            new Latency(40, 0.3),
            600_000,
            bytes -> {},
            peer -> sessions.getOrDefault(peer, 0L) >= 0);
    if (withSessions) {
      dht.sessions(peer -> sessions.getOrDefault(peer, 0L));
    }
    SplittableRandom join = new SplittableRandom(13);
    for (int i = 0; i < 40; i++) {
      byte[] seed = new byte[32];
      keys.nextBytes(seed);
      PeerId id = PrivateKey.fromSeed(Bytes.wrap(seed)).peerId();
      peers.add(id);
      dht.join(id, join);
    }
    engine.runUntil(engine.nowMicros() + 60_000_000L);
  }

  /** Providers of TAG that peers.get(1) finds once the publisher left mid-announcement. */
  private List<PeerId> announceThenLeave() {
    PeerId publisher = peers.get(0);
    int[] completed = {0};
    dht.publish(publisher, Bytes.wrap(new byte[] {1}), TAG, told -> completed[0]++);
    // it leaves at once: its first lookup requests are already on the wire
    engine.after(1, () -> sessions.put(publisher, -1L));
    engine.runUntil(engine.nowMicros() + 60_000_000L);
    assertThat(completed[0]).as("a peer that left learns nothing more").isZero();
    List<PeerId> found = new ArrayList<>();
    dht.providers(peers.get(1), CapabilityKeys.of(TAG), 20, r -> found.addAll(r.providers()));
    engine.runUntil(engine.nowMicros() + 60_000_000L);
    return found;
  }

  @Test
  void aPeerThatLeavesMidAnnouncementLeavesNoProviderRecord() {
    world(true);
    assertThat(announceThenLeave()).doesNotContain(peers.get(0));
  }

  @Test
  void withoutSessionsTheSameAnnouncementLandsWhichIsWhatTheTestAboveRulesOut() {
    world(false);
    PeerId publisher = peers.get(0);
    dht.publish(publisher, Bytes.wrap(new byte[] {1}), TAG, told -> {});
    engine.after(1, () -> sessions.put(publisher, -1L));
    engine.runUntil(engine.nowMicros() + 60_000_000L);
    List<PeerId> found = new ArrayList<>();
    dht.providers(peers.get(1), CapabilityKeys.of(TAG), 20, r -> found.addAll(r.providers()));
    engine.runUntil(engine.nowMicros() + 60_000_000L);
    assertThat(found).contains(publisher);
  }
}
