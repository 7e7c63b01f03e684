package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.HardFilter;

/**
 * Held descriptors with one {@link HardFilter.Profile}: they pass or fail a query's hard
 * constraints (tags aside) together, so {@link TextIndex} counts them together and a query judges
 * the class once.
 */
final class FilterClass {

  final HardFilter.Profile profile;
  int entries;
  final Count all = new Count(); // its descriptors among every held descriptor
  private int stamp;
  private boolean passes;

  FilterClass(HardFilter.Profile profile) {
    this.profile = profile;
  }

  /** Whether the class passes {@code q}, judged once per query {@code stamp}. */
  boolean passes(Query q, int stamp) {
    if (this.stamp != stamp) {
      this.stamp = stamp;
      this.passes = HardFilter.passes(q, profile);
    }
    return passes;
  }

  void clearMark() {
    stamp = 0;
  }

  /** How many held descriptors of a class lie in one scope, and their total length in tokens. */
  static final class Count {
    int entries;
    long length;
  }
}
