package io.ap2p.sim.churn;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.sim.world.Drift;
import io.ap2p.sim.world.Provider;
import io.ap2p.sim.world.Session;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Judges discovery answers against the world's truth: a named provider is stale when it is offline,
 * crashed or no longer uses that identity, or (registry) when the descriptor returned is not the
 * one the provider last published. Only the last two publications of each provider are remembered;
 * an older one in an answer has been replaced, so it counts as stale too.
 */
public final class ChurnMeter {

  private record Published(Provider provider, PeerId peer) {}

  private final Function<PeerId, Provider> byPeer;
  private final Map<Bytes, Published> published = new HashMap<>();
  private final Map<Provider, Bytes[]> lastTwo = new IdentityHashMap<>();
  private long named;
  private long stale;
  long departures;
  long returns;
  private List<Provider> churning = List.of();

  /** A meter that finds the provider behind each identity with {@code byPeer}. */
  public ChurnMeter(Function<PeerId, Provider> byPeer) {
    this.byPeer = byPeer;
  }

  /** {@code p}, under identity {@code peer}, signed and sent {@code descriptor}. */
  public void published(Provider p, PeerId peer, Bytes descriptor) {
    Bytes[] two = lastTwo.computeIfAbsent(p, k -> new Bytes[2]);
    if (descriptor.equals(two[1])) {
      return;
    }
    if (two[0] != null) {
      published.remove(two[0]);
    }
    two[0] = two[1];
    two[1] = descriptor;
    published.put(descriptor, new Published(p, peer));
  }

  /** A registry answered with {@code descriptors}. */
  public void registryAnswer(List<Bytes> descriptors) {
    for (Bytes d : descriptors) {
      named++;
      Published who = published.get(d);
      if (who == null || !live(who.provider(), who.peer())) {
        stale++;
        continue;
      }
      Bytes[] two = lastTwo.get(who.provider());
      if (!d.equals(two[1])) {
        stale++; // replaced by a newer publication
      }
    }
  }

  /** A DHT lookup returned provider records naming {@code providers}. */
  public void dhtAnswer(List<PeerId> providers) {
    for (PeerId peer : providers) {
      named++;
      Provider p = byPeer.apply(peer);
      if (p == null || !live(p, peer)) {
        stale++;
      }
    }
  }

  /** Counts the cold starts of {@code providers} (the churning ones) in {@link #stats}. */
  void watch(List<Provider> providers) {
    this.churning = List.copyOf(providers);
  }

  private static boolean live(Provider p, PeerId peer) {
    return Session.online(p) && p.condition != Drift.Condition.DOWN && p.key.peerId().equals(peer);
  }

  /** What was measured so far. */
  public ChurnStats stats() {
    long coldStarts = 0;
    for (Provider p : churning) {
      coldStarts += p.session.coldStarts();
    }
    return new ChurnStats(named, stale, departures, returns, coldStarts);
  }
}
