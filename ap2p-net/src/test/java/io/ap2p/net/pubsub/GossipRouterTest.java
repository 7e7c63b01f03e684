package io.ap2p.net.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.ManualClock;
import io.ap2p.core.wire.Bytes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Routers on an in-memory network with virtual time (every RPC goes through the codec): meshes
 * settle within D_lo..D_hi, messages reach everyone once, gossip repairs a lost message, GRAFT
 * during backoff is pruned, invalid messages are not forwarded, and a seed replays exactly.
 */
class GossipRouterTest {

  static final String TOPIC = "/ap2p/test";

  /** The network: routers, who is connected to whom, and what each delivered. */
  static final class Net {
    final ManualClock clock = new ManualClock(1_000_000);
    final List<GossipRouter> routers = new ArrayList<>();
    final List<PeerId> ids = new ArrayList<>();
    final Map<PeerId, GossipRouter> byId = new HashMap<>();
    final Map<PeerId, List<Bytes>> delivered = new HashMap<>();
    final Set<List<PeerId>> cut = new HashSet<>();
    BiFunction<PeerId, PubsubMessage, Validation> validator = (p, m) -> Validation.ACCEPT;
    int rpcs;

    Net(int n, long seed, GossipParams params) {
      SplittableRandom seeds = new SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        byte[] seed32 = new byte[32];
        seeds.nextBytes(seed32);
        PrivateKey k = PrivateKey.fromSeed(Bytes.wrap(seed32));
        GossipRouter r = new GossipRouter(k, params, clock, seeds.split());
        routers.add(r);
        ids.add(k.peerId());
        byId.put(k.peerId(), r);
        delivered.put(k.peerId(), new ArrayList<>());
      }
    }

    void connectAll() {
      for (int i = 0; i < ids.size(); i++) {
        for (int j = 0; j < ids.size(); j++) {
          if (i != j) {
            routers.get(i).addPeer(ids.get(j));
          }
        }
      }
    }

    /** Delivers RPCs until none is left. */
    void settle() throws Exception {
      Deque<Object[]> queue = new ArrayDeque<>();
      boolean more = true;
      while (more) {
        more = false;
        for (int i = 0; i < routers.size(); i++) {
          for (Outbox.Send s : routers.get(i).drain()) {
            queue.add(new Object[] {ids.get(i), s});
          }
        }
        while (!queue.isEmpty()) {
          more = true;
          Object[] e = queue.poll();
          PeerId from = (PeerId) e[0];
          Outbox.Send s = (Outbox.Send) e[1];
          if (cut.contains(List.of(from, s.peer()))) {
            continue;
          }
          rpcs++;
          Rpc rpc = RpcCodec.decode(RpcCodec.encode(s.rpc()), RpcLimits.DEFAULTS);
          GossipRouter to = byId.get(s.peer());
          for (GossipRouter.Received m : to.receive(from, rpc)) {
            Validation v = validator.apply(m.source(), m.message());
            if (v == Validation.ACCEPT) {
              delivered.get(s.peer()).add(m.id());
            }
            to.validated(m, v);
          }
        }
      }
    }

    void heartbeat() throws Exception {
      clock.advance(1000);
      routers.forEach(GossipRouter::heartbeat);
      settle();
    }
  }

  @Test
  void meshesSettleWithinBoundsAndAMessageReachesEveryoneOnce() throws Exception {
    Net net = new Net(20, 1, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    for (int i = 0; i < 5; i++) {
      net.heartbeat();
    }
    for (GossipRouter r : net.routers) {
      assertThat(r.mesh(TOPIC).size()).isBetween(5, 12);
    }
    Bytes id = net.routers.get(0).publish(TOPIC, Bytes.wrap(new byte[] {1}));
    net.settle();
    for (int i = 1; i < 20; i++) {
      assertThat(net.delivered.get(net.ids.get(i))).containsExactly(id);
    }
    assertThat(net.delivered.get(net.ids.get(0))).isEmpty();
  }

  @Test
  void withoutFloodPublishTheMeshCarriesItAndGossipRepairsALostLink() throws Exception {
    GossipParams noFlood =
        new GossipParams(
            2,
            1,
            3,
            6,
            0.25,
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            5,
            3,
            Duration.ofMinutes(2),
            Duration.ofMinutes(1),
            false,
            10,
            5000,
            3,
            100);
    Net net = new Net(6, 2, noFlood);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    net.heartbeat();
    // peer 5 hears nothing from anyone's mesh traffic: every link towards it is cut for messages
    PeerId last = net.ids.get(5);
    for (PeerId p : net.ids) {
      net.cut.add(List.of(p, last));
    }
    Bytes id = net.routers.get(0).publish(TOPIC, Bytes.wrap(new byte[] {2}));
    net.settle();
    assertThat(net.delivered.get(last)).isEmpty();
    net.cut.clear();
    net.heartbeat(); // IHAVE from a peer outside its mesh (or in it: D_lazy covers all) → IWANT
    net.heartbeat();
    assertThat(net.delivered.get(last)).containsExactly(id);
  }

  @Test
  void aGraftDuringBackoffIsPrunedAgain() throws Exception {
    Net net = new Net(2, 3, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    GossipRouter a = net.routers.get(0);
    GossipRouter b = net.routers.get(1);
    net.heartbeat();
    assertThat(a.mesh(TOPIC)).containsExactly(net.ids.get(1));
    a.receive(
        net.ids.get(1),
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(List.of(), List.of(), List.of(), List.of(new Rpc.Prune(TOPIC, 60)))));
    assertThat(a.mesh(TOPIC)).isEmpty();
    a.drain();
    a.receive(
        net.ids.get(1),
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(TOPIC)), List.of())));
    assertThat(a.mesh(TOPIC)).isEmpty();
    assertThat(a.drain()).anySatisfy(s -> assertThat(s.rpc().control().prune()).isNotEmpty());
    net.heartbeat();
    assertThat(a.mesh(TOPIC)).isEmpty(); // still backing off after 1 s
    net.clock.advance(61_000);
    net.heartbeat();
    assertThat(a.mesh(TOPIC)).containsExactly(net.ids.get(1));
    assertThat(b.peers()).containsExactly(net.ids.get(0));
  }

  @Test
  void rejectedMessagesAreNotForwardedAndCountAgainstTheSender() throws Exception {
    Net net = new Net(4, 4, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    net.heartbeat();
    net.validator = (p, m) -> m.data().get(0) == 0 ? Validation.REJECT : Validation.ACCEPT;
    net.routers.get(0).publish(TOPIC, Bytes.wrap(new byte[] {0}));
    net.settle();
    for (PeerId p : net.ids) {
      assertThat(net.delivered.get(p)).isEmpty();
    }
    assertThat(net.routers.get(1).invalidFrom(net.ids.get(0))).isEqualTo(1);
  }

  @Test
  void aForgedSignatureIsDroppedBeforeValidation() throws Exception {
    Net net = new Net(2, 5, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    PubsubMessage good =
        MessageSigning.sign(
            PrivateKey.fromSeed(Bytes.wrap(new byte[32])), TOPIC, Bytes.wrap(new byte[] {1}), 1);
    PubsubMessage forged =
        new PubsubMessage(
            good.from(),
            Bytes.wrap(new byte[] {2}),
            good.seqno(),
            TOPIC,
            good.signature(),
            Bytes.EMPTY);
    List<GossipRouter.Received> got =
        net.routers
            .get(0)
            .receive(net.ids.get(1), new Rpc(List.of(), List.of(forged), Rpc.Control.EMPTY));
    assertThat(got).isEmpty();
    assertThat(net.routers.get(0).invalidFrom(net.ids.get(1))).isEqualTo(1);
    // the forged copy did not mark the id seen: the author's real message still gets through
    assertThat(
            net.routers
                .get(0)
                .receive(net.ids.get(1), new Rpc(List.of(), List.of(good), Rpc.Control.EMPTY)))
        .extracting(GossipRouter.Received::message)
        .containsExactly(good);
    // and then it is a duplicate
    assertThat(
            net.routers
                .get(0)
                .receive(net.ids.get(1), new Rpc(List.of(), List.of(good), Rpc.Control.EMPTY)))
        .isEmpty();
  }

  @Test
  void prunesOfTopicsNotJoinedKeepNothingAndBackoffsAreCapped() throws Exception {
    Net net = new Net(2, 6, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    net.heartbeat(); // the two meshes hold each other: b does not GRAFT a during the backoff
    GossipRouter a = net.routers.get(0);
    List<Rpc.Prune> junk = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      junk.add(new Rpc.Prune("/made-up/" + i, Long.MAX_VALUE / 2));
    }
    for (int round = 0; round < 4; round++) {
      a.receive(
          net.ids.get(1),
          new Rpc(List.of(), List.of(), new Rpc.Control(List.of(), List.of(), List.of(), junk)));
    }
    assertThat(a.backoffs()).isZero();
    // a PRUNE of a joined topic asking to be left alone for ever is held an hour at most
    a.receive(
        net.ids.get(1),
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(
                List.of(), List.of(), List.of(), List.of(new Rpc.Prune(TOPIC, Long.MAX_VALUE)))));
    assertThat(a.backoffs()).isEqualTo(1);
    net.clock.advance(GossipRouter.MAX_BACKOFF_SECONDS * 1000 - 2000);
    net.heartbeat();
    assertThat(a.backoffs()).isEqualTo(1);
    net.clock.advance(2000);
    net.heartbeat();
    assertThat(a.backoffs()).isZero();
    assertThat(a.mesh(TOPIC)).containsExactly(net.ids.get(1));
  }

  @Test
  void anIHaveIsAnsweredWithOneIWantPerNewIdInOrder() throws Exception {
    Net net = new Net(2, 8, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    GossipRouter a = net.routers.get(0);
    Bytes x = Bytes.wrap(new byte[] {1, 2, 3});
    Bytes y = Bytes.wrap(new byte[] {4, 5, 6});
    a.receive(
        net.ids.get(1),
        new Rpc(
            List.of(),
            List.of(),
            new Rpc.Control(
                List.of(new Rpc.IHave(TOPIC, List.of(y, x, y, x, y))),
                List.of(),
                List.of(),
                List.of())));
    assertThat(a.drain())
        .flatExtracting(s -> s.rpc().control().iwant())
        .flatExtracting(Rpc.IWant::messageIds)
        .containsExactly(y, x);
  }

  @Test
  void aSeedReplaysTheSameRun() throws Exception {
    assertThat(run(7)).isEqualTo(run(7));
  }

  private static List<Object> run(long seed) throws Exception {
    Net net = new Net(12, seed, GossipParams.DEFAULTS);
    net.connectAll();
    net.routers.forEach(r -> r.join(TOPIC));
    net.settle();
    for (int i = 0; i < 3; i++) {
      net.heartbeat();
    }
    List<Object> trace = new ArrayList<>();
    for (GossipRouter r : net.routers) {
      trace.add(r.mesh(TOPIC));
    }
    trace.add(net.rpcs);
    return trace;
  }
}
