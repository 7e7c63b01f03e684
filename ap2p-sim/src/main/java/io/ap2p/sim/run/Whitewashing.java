package io.ap2p.sim.run;

import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.Signer;
import io.ap2p.sim.engine.Engine;
import io.ap2p.sim.world.Provider;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A whitewasher's identity turnover. Free identities: it drops the old one and re-joins at once
 * under a fresh one. Priced identities: it orders a fresh one and keeps serving (and poisoning)
 * under the old one until the fresh one is paid for, then swaps, so the price never switches its
 * Sybils off; one fresh identity in the making per Sybil.
 */
final class Whitewashing {

  private final Engine engine;
  private final int whitewashAfter;
  private final IdentityPrice price;
  private final Supplier<PrivateKey> newKey;
  private final Function<PrivateKey, Signer> signer;
  private final SplittableRandom behaviour;
  private final Map<PeerId, Provider> byPeer;
  private final SimDht dht; // null in registry mode
  private final SplittableRandom dhtRandom;
  private final ProviderPublishing publishing;
  private final Set<Provider> pending = Collections.newSetFromMap(new IdentityHashMap<>());

  Whitewashing(
      Engine engine,
      int whitewashAfter,
      IdentityPrice price,
      Supplier<PrivateKey> newKey,
      Function<PrivateKey, Signer> signer,
      SplittableRandom behaviour,
      Map<PeerId, Provider> byPeer,
      SimDht dht,
      SplittableRandom dhtRandom,
      ProviderPublishing publishing) {
    this.engine = engine;
    this.whitewashAfter = whitewashAfter;
    this.price = price;
    this.newKey = newKey;
    this.signer = signer;
    this.behaviour = behaviour;
    this.byPeer = byPeer;
    this.dht = dht;
    this.dhtRandom = dhtRandom;
    this.publishing = publishing;
  }

  /** {@code p} has served under its identity once more: time to turn it over, perhaps. */
  void served(Provider p) {
    if (p.servedUnderIdentity < whitewashAfter) {
      return; // already done
    }
    if (!price.priced()) {
      price.adversaryReadyMicros(engine.nowMicros()); // free: ready at once, counted all the same
      price.paid();
      swap(p);
      return;
    }
    if (!pending.add(p)) {
      return; // its fresh identity is being paid for; it serves under the old one meanwhile
    }
    long now = engine.nowMicros();
    engine.after(
        price.adversaryReadyMicros(now) - now,
        () -> {
          pending.remove(p);
          price.paid();
          swap(p);
        });
  }

  /** {@code p} retires its identity and re-joins (registry, DHT) under a fresh one. */
  private void swap(Provider p) {
    p.servedUnderIdentity = 0;
    p.timerGeneration++;
    p.key = newKey.get();
    p.lastReceipt = null;
    p.publisher = new RegistryPublisher(engine, signer.apply(p.key), behaviour.split(), 2000);
    byPeer.put(p.key.peerId(), p);
    if (dht != null) {
      dht.join(p.key.peerId(), dhtRandom);
    }
    publishing.start(p);
  }
}
