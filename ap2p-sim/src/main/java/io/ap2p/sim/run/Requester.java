package io.ap2p.sim.run;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.trust.CanaryFactory;
import io.ap2p.core.trust.Reputation;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.CanaryOracle;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;

/** A requester: an honest peer with its own reputation view, canaries and randomness. */
final class Requester {
  /** The tag under which requesters of one circle vouch for each other ({@code shared}). */
  static final io.ap2p.core.discovery.CapabilityTag CIRCLE =
      new io.ap2p.core.discovery.CapabilityTag("ap2p.circle");

  final PeerId peer;
  final Reputation reputation = Reputation.defaults();
  final SplittableRandom random;
  final CanaryFactory canaries;

  Requester(PeerId peer, SplittableRandom random, Point point, DoubleConsumer canaryCostMs) {
    this.peer = peer;
    this.random = random;
    this.canaries = new CanaryFactory(new CanaryOracle(point, random.split(), canaryCostMs));
  }
}
