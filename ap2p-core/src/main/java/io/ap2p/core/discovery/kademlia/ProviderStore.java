package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider records held for others (kad-dht spec, "Content provider advertisement"): which peers
 * provide which key, each until its expiry. Bounded per key, per provider and in total, so a flood
 * of identities cannot push honest providers out: a full key refuses newcomers instead of evicting.
 */
public final class ProviderStore {

  /**
   * Bounds of a store.
   *
   * @param maxPerKey most providers remembered per key
   * @param maxKeysPerProvider most keys one provider may hold
   * @param maxRecords most provider records in all
   */
  public record Limits(int maxPerKey, int maxKeysPerProvider, int maxRecords) {
    /** 64 per key, 256 keys per provider, 200,000 records. */
    public static final Limits DEFAULTS = new Limits(64, 256, 200_000);
  }

  /** What {@link #add} did. */
  public enum Added {
    /** A new record. */
    ADDED,
    /** An existing record's expiry moved. */
    REFRESHED,
    /** Refused: a bound would be broken. */
    REFUSED
  }

  private final Clock clock;
  private final Limits limits;
  private final Map<Bytes, LinkedHashMap<PeerId, Long>> byKey = new HashMap<>();
  private final Map<PeerId, Integer> keysPerProvider = new HashMap<>();
  private int records;

  /** An empty store with {@code limits}, reading time from {@code clock}. */
  public ProviderStore(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** Records that {@code provider} provides {@code key} for {@code ttlMillis} from now. */
  public Added add(Bytes key, PeerId provider, long ttlMillis) {
    long expiry = clock.millis() + ttlMillis;
    LinkedHashMap<PeerId, Long> providers = byKey.get(key);
    if (providers != null && providers.containsKey(provider)) {
      providers.put(provider, expiry);
      return Added.REFRESHED;
    }
    if (providers != null && providers.size() >= limits.maxPerKey()) {
      purge(key, providers);
      if (providers.size() >= limits.maxPerKey()) {
        return Added.REFUSED;
      }
    }
    if (keysPerProvider.getOrDefault(provider, 0) >= limits.maxKeysPerProvider()
        || records >= limits.maxRecords()) {
      return Added.REFUSED;
    }
    byKey.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(provider, expiry);
    keysPerProvider.merge(provider, 1, Integer::sum);
    records++;
    return Added.ADDED;
  }

  /** Up to {@code limit} live providers of {@code key}, oldest first. */
  public List<PeerId> get(Bytes key, int limit) {
    LinkedHashMap<PeerId, Long> providers = byKey.get(key);
    if (providers == null) {
      return List.of();
    }
    purge(key, providers);
    List<PeerId> out = new ArrayList<>(Math.min(limit, providers.size()));
    for (PeerId p : providers.keySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  /** Removes every expired record; returns how many. */
  public int expireDue() {
    int before = records;
    for (Bytes key : new ArrayList<>(byKey.keySet())) {
      purge(key, byKey.get(key));
    }
    return before - records;
  }

  /** The number of records held. */
  public int size() {
    return records;
  }

  private void purge(Bytes key, LinkedHashMap<PeerId, Long> providers) {
    long now = clock.millis();
    for (Iterator<Map.Entry<PeerId, Long>> it = providers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<PeerId, Long> e = it.next();
      if (e.getValue() <= now) {
        it.remove();
        records--;
        keysPerProvider.computeIfPresent(e.getKey(), (p, n) -> n > 1 ? n - 1 : null);
      }
    }
    if (providers.isEmpty()) {
      byKey.remove(key);
    }
  }
}
