package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.discovery.matching.HardFilter;
import java.util.Optional;

/**
 * Held descriptors alike in the hard-filter fields with few values (availability, region, side
 * effect, verification tier): they pass or fail those of a query's constraints together, so {@link
 * TextIndex} counts them together ({@link ProfileCounts}, by claimed latency and price, which vary
 * freely) and a query judges the class once.
 */
final class FilterClass {

  /**
   * What the class is keyed by.
   *
   * @param unavailable whether the descriptors say they are unavailable
   * @param region their data region, if any
   * @param sideEffect their declared side effect
   * @param maxTier the highest verification tier they support
   */
  record Key(boolean unavailable, Optional<String> region, SideEffect sideEffect, int maxTier) {

    /** The key of a descriptor of profile {@code p}. */
    static Key of(HardFilter.Profile p) {
      return new Key(p.unavailable(), p.region(), p.sideEffect(), p.maxTier());
    }

    boolean passes(Query q) {
      return HardFilter.fewValuedPass(q, unavailable, region, sideEffect, maxTier);
    }
  }

  final Key key;
  int entries;
  final ProfileCounts all = new ProfileCounts(); // its descriptors among every held descriptor
  private int stamp;
  private boolean passes;

  FilterClass(Key key) {
    this.key = key;
  }

  /**
   * Whether the class passes {@code q}'s constraints on its fields, judged once per query stamp.
   */
  boolean passes(Query q, int stamp) {
    if (this.stamp != stamp) {
      this.stamp = stamp;
      this.passes = key.passes(q);
    }
    return passes;
  }

  void clearMark() {
    stamp = 0;
  }
}
