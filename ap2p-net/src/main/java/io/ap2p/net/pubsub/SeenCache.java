package io.ap2p.net.pubsub;

import io.ap2p.core.wire.Bytes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen recently (gossipsub-v1.0.md, "Message Processing"; the {@code seen} set of the
 * pubsub routers), each kept for a fixed time and at most {@code capacity} at once (the oldest go
 * first), so a flood of fresh messages bounds the memory. Not thread-safe: the router's lock guards
 * it.
 */
final class SeenCache {

  private final long ttlMillis;
  private final int capacity;
  private final LinkedHashMap<Bytes, Long> expiries = new LinkedHashMap<>();

  SeenCache(long ttlMillis, int capacity) {
    this.ttlMillis = ttlMillis;
    this.capacity = capacity;
  }

  /** Records {@code id} as seen at {@code now}; false if it was seen already. */
  boolean add(Bytes id, long now) {
    purge(now);
    if (expiries.containsKey(id)) {
      return false;
    }
    expiries.put(id, now + ttlMillis);
    if (expiries.size() > capacity) {
      Iterator<Bytes> it = expiries.keySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  /** True if {@code id} was seen and has not expired. */
  boolean contains(Bytes id, long now) {
    purge(now);
    return expiries.containsKey(id);
  }

  /** Drops expired ids (insertion order is expiry order, the TTL being fixed). */
  void purge(long now) {
    Iterator<Map.Entry<Bytes, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext() && it.next().getValue() <= now) {
      it.remove();
    }
  }

  int size() {
    return expiries.size();
  }
}
