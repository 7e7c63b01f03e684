package io.ap2p.sim.run;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.scenario.Point;
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
   * Honest newcomers of {@code point}, one per workflow capability, made from their own stream
   * {@code random} (so the world's other draws stay as they were), signing with {@code signer}.
   * They stay up: drift would draw from the world's drift stream.
   */
  static List<Provider> make(
      Point point, SplittableRandom random, Function<PrivateKey, Signer> signer, Engine engine) {
    List<Provider> out = new ArrayList<>();
    for (CapabilityTag tag : List.of(Offers.IMAGE, Offers.PUBLISH)) {
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

  /** What was measured, with the price's figures. */
  NewcomerStats stats(IdentityPrice price) {
    int selected = 0;
    int real = 0;
    double any = 0;
    double first = 0;
    for (long[] t : watched.values()) {
      if (t[1] != NEVER) {
        selected++;
        any += (t[1] - t[0]) / 1e6;
      }
      if (t[2] != NEVER) {
        real++;
        first += (t[2] - t[0]) / 1e6;
      }
    }
    return new NewcomerStats(
        watched.size(), selected, any, real, first, price.costSeconds(), price.bought());
  }
}
