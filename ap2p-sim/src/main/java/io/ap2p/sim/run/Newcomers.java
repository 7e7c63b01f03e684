package io.ap2p.sim.run;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Offers;
import io.ap2p.sim.world.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Watches honest newcomers: when each decided to join and when a requester first selected it. */
final class Newcomers {

  private static final long NEVER = -1;

  /** Per newcomer: decided to join, first task of any kind, first real task (micros). */
  private final Map<PeerId, long[]> watched = new LinkedHashMap<>();

  /**
   * The {@code newcomers} honest newcomers of {@code point}, offering each workflow capability in
   * turn, made from their own stream {@code random}, signing with {@code signer}. Their keys and
   * service times come from that stream (and so does their drift, see PointRun), but their
   * registrations draw link delays from the world's network stream like everyone's: a run with
   * newcomers is a different run, not the same run plus newcomers.
   */
  static List<Provider> make(
      Point point, SplittableRandom random, Function<PrivateKey, Signer> signer, Engine engine) {
    List<Provider> out = new ArrayList<>();
    List<CapabilityTag> tags = List.of(Offers.IMAGE, Offers.PUBLISH);
    for (int i = 0; i < point.scale().newcomers(); i++) {
      CapabilityTag tag = tags.get(i % tags.size());
      byte[] seedBytes = new byte[32];
      random.nextBytes(seedBytes);
      Provider p =
          new Provider(
              point.peers() + out.size(),
              Provider.Kind.HONEST,
              tag,
              Offers.medianServiceMs(tag) * Math.exp(0.4 * random.nextGaussian()),
              PrivateKey.fromSeed(Bytes.wrap(seedBytes)));
      p.publisher = new RegistryPublisher(engine, signer.apply(p.key), random.split(), 2000);
      out.add(p);
    }
    return out;
  }

  /**
   * Newcomer {@code p} has paid for its identity: it joins the DHT (if any), registers, and drifts
   * like an incumbent, drawing from {@code drift} (the newcomers' own stream).
   */
  static void join(
      Provider p,
      Engine engine,
      Point point,
      ProviderPublishing publishing,
      SimDht dht,
      SplittableRandom dhtRandom,
      SplittableRandom drift) {
    if (dht != null) {
      dht.join(p.key.peerId(), dhtRandom);
    }
    publishing.start(p);
    engine.after(
        Drift.holdMicros(point.driftMeanSeconds(), drift), () -> publishing.driftStep(p, drift));
  }

  /** Watches {@code peer}, which decided to join at {@code decidedMicros}. */
  void watch(PeerId peer, long decidedMicros) {
    watched.put(peer, new long[] {decidedMicros, NEVER, NEVER});
  }

  /** A requester sent {@code peer} a task (a canary when {@code probe}) at {@code nowMicros}. */
  void selected(PeerId peer, boolean probe, long nowMicros) {
    long[] t = watched.get(peer);
    if (t == null) {
      return;
    }
    if (t[1] == NEVER) {
      t[1] = nowMicros;
    }
    if (!probe && t[2] == NEVER) {
      t[2] = nowMicros;
    }
  }

  /** What was measured until {@code endMicros} (censoring the rest), with the price's figures. */
  NewcomerStats stats(IdentityPrice price, long endMicros) {
    List<NewcomerStats.Wait> any = new ArrayList<>();
    List<NewcomerStats.Wait> real = new ArrayList<>();
    for (long[] t : watched.values()) {
      any.add(wait(t[0], t[1], endMicros));
      real.add(wait(t[0], t[2], endMicros));
    }
    return new NewcomerStats(
        any,
        real,
        price.costSeconds(),
        price.bought(),
        price.queued(),
        price.priced() ? price.initial() : 0,
        price.priced() ? price.stockpile() : 0);
  }

  private static NewcomerStats.Wait wait(long decided, long first, long endMicros) {
    return first == NEVER
        ? new NewcomerStats.Wait(Math.max(0, endMicros - decided) / 1e6, true)
        : new NewcomerStats.Wait((first - decided) / 1e6, false);
  }
}
