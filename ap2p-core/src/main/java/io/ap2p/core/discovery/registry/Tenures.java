package io.ap2p.core.discovery.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * How long a registry's table has held each key (or descriptor): the time its descriptors were live
 * there, summed over every stretch. What is held now is always remembered; of what is no longer
 * held, at most {@code cap} are, and the one held for the shortest time is forgotten first (of
 * equal tenure, the one released first), so keys that came and went at once cannot push out one
 * that was held for long. Not thread-safe.
 *
 * @param <K> a key or descriptor key
 */
final class Tenures<K> {

  private static final class Stamp<K> {
    final K key;
    long heldMillis; // summed over finished stretches
    long since; // start of the current stretch, when live > 0
    int live; // descriptors held now
    Released<K> released; // its place among those no longer held

    Stamp(K key) {
      this.key = key;
    }
  }

  private record Released<K>(long heldMillis, long order, Stamp<K> stamp)
      implements Comparable<Released<K>> {
    @Override
    public int compareTo(Released<K> o) {
      int c = Long.compare(heldMillis, o.heldMillis);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final int cap;
  private final Map<K, Stamp<K>> stamps = new HashMap<>();
  private final TreeSet<Released<K>> released = new TreeSet<>();
  private long next;

  /** Remembers at most {@code cap} keys no longer held. */
  Tenures(int cap) {
    this.cap = cap;
  }

  /** One more descriptor of {@code key} is held, from {@code now}. */
  void held(K key, long now) {
    Stamp<K> s = stamps.computeIfAbsent(key, Stamp::new);
    if (s.live++ == 0) {
      s.since = now;
      if (s.released != null) {
        released.remove(s.released);
        s.released = null;
      }
    }
  }

  /** One descriptor of {@code key} is no longer held, from {@code now}. */
  void released(K key, long now) {
    Stamp<K> s = stamps.get(key);
    if (s == null || s.live == 0) {
      return;
    }
    if (--s.live == 0) {
      s.heldMillis += Math.max(0, now - s.since);
      s.released = new Released<>(s.heldMillis, next++, s);
      released.add(s.released);
      while (released.size() > cap) {
        stamps.remove(released.pollFirst().stamp().key);
      }
    }
  }

  /**
   * How long {@code key} has been held, up to {@code now}; -1 if it never was (or is forgotten).
   */
  long tenure(K key, long now) {
    Stamp<K> s = stamps.get(key);
    if (s == null) {
      return -1;
    }
    return s.heldMillis + (s.live > 0 ? Math.max(0, now - s.since) : 0);
  }

  /** How many keys are remembered. */
  int size() {
    return stamps.size();
  }
}
