package io.ap2p.sim.run;

import io.ap2p.core.identity.PeerId;
import io.ap2p.sim.churn.Churn;
import io.ap2p.sim.churn.ChurnMeter;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Churn in one run: honest providers other than the requesters' own peers go on and off (see {@link
 * Churn}); one that leaves stops refreshing (its descriptor or provider records expire by their
 * TTL, DHT requests to it fail, so the real Kademlia code drops it from routing tables, and DHT
 * work it had in flight is dropped); one that returns rejoins the DHT as a restarted node does and
 * publishes again. Every discovery answer is judged for staleness by the run's {@link ChurnMeter}
 * (which also runs at the no-churn points of a scenario with churn: see {@link #meter}).
 */
final class ChurnRun {

  private final Point point;
  private final SplittableRandom random;
  private final ProviderPublishing publishing;
  private final SimDht dht; // null in registry mode
  private final List<Provider> churning = new ArrayList<>();
  private final Churn churn;

  ChurnRun(
      Engine engine,
      Point point,
      SplittableRandom random,
      List<Provider> providers,
      Map<PeerId, Provider> byPeer,
      int requesters,
      ChurnMeter meter,
      ProviderPublishing publishing,
      SimDht dht) {
    this.point = point;
    this.random = random;
    this.publishing = publishing;
    this.dht = dht;
    for (int i = 0; i < providers.size(); i++) {
      Provider p = providers.get(i);
      if (i >= requesters && p.kind == Provider.Kind.HONEST) {
        churning.add(p);
      }
    }
    if (dht != null) {
      // a peer that leaves drops its DHT work in flight (see SimDht#sessions)
      dht.sessions(
          peer -> {
            Provider p = byPeer.get(peer);
            if (p == null || p.session == null) {
              return 0;
            }
            return p.session.online() ? p.session.epoch() : -1;
          });
    }
    this.churn = new Churn(engine, point.churn(), random.split(), meter);
    churn.attach(churning);
  }

  /**
   * The run's stale-answer meter, told of every descriptor sent and every answer, when {@code
   * point}'s churn is {@linkplain io.ap2p.sim.churn.ChurnConfig#meter metered}; otherwise null and
   * nothing is judged. It only observes: a run's other outputs are the same either way.
   */
  static ChurnMeter meter(
      Point point,
      Map<PeerId, Provider> byPeer,
      Measures measures,
      ProviderPublishing publishing,
      SimDht dht) {
    if (!point.churn().meter()) {
      return null;
    }
    ChurnMeter meter = new ChurnMeter(byPeer::get);
    measures.churn = meter;
    publishing.measure(meter);
    if (dht != null) {
      dht.onLookup(meter::dhtAnswer);
    }
    return meter;
  }

  /** Schedules the sessions; the first transitions come after the join phase. */
  void start() {
    churn.start(
        churning,
        point.joinSeconds(),
        new Churn.Hooks() {
          @Override
          public void left(Provider p) {
            p.timerGeneration++; // its refresh timer dies with it; its claims go stale
          }

          @Override
          public void returned(Provider p) {
            if (dht != null) {
              dht.rejoin(p.key.peerId(), random);
            }
            if (p.condition != Drift.Condition.DOWN) {
              publishing.start(p);
            }
          }
        });
  }
}
