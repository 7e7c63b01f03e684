package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import java.util.Optional;

/** The hard constraints of a query: a descriptor that violates one is never a match. */
public final class HardFilter {

  private HardFilter() {}

  /**
   * What the hard constraints other than tags read of a descriptor; descriptors with equal profiles
   * pass or fail every query's constraints alike (an index counts them together).
   *
   * @param unavailable whether the descriptor says it is unavailable
   * @param latencyMs the claimed p95 latency, or the deadline without QoS claims
   * @param price the price per invocation, 0 when free
   * @param region the data region, if any
   * @param sideEffect the declared side effect
   * @param maxTier the highest verification tier supported
   */
  public record Profile(
      boolean unavailable,
      long latencyMs,
      double price,
      Optional<String> region,
      SideEffect sideEffect,
      int maxTier) {

    /** The profile of {@code d}. */
    public static Profile of(CapabilityDescriptor d) {
      return new Profile(
          d.state().availability() == Availability.UNAVAILABLE,
          d.qos().map(x -> x.latencyP95Ms()).orElse(d.constraints().deadlineMs()),
          d.constraints().price().map(p -> p.amount()).orElse(0.0),
          d.constraints().region(),
          d.constraints().sideEffect(),
          d.verification().maxTier());
    }
  }

  /** Why {@code d} fails {@code q}, or empty when it passes every hard constraint. */
  public static Optional<String> violation(Query q, CapabilityDescriptor d) {
    Profile p = Profile.of(d);
    if (p.unavailable()) {
      return Optional.of("unavailable");
    }
    if (!q.tags().isEmpty() && q.tags().stream().noneMatch(t -> carries(d, t))) {
      return Optional.of("no tag within " + q.tags());
    }
    return constraints(q, p);
  }

  /**
   * Whether a descriptor of profile {@code p} passes every hard constraint of {@code q} but its
   * tags: what {@link #violation} decides for a descriptor under one of the query's tags.
   */
  public static boolean passes(Query q, Profile p) {
    return !p.unavailable() && constraints(q, p).isEmpty();
  }

  private static Optional<String> constraints(Query q, Profile p) {
    if (q.maxLatencyMs() > 0) {
      long claimed = p.latencyMs();
      if (claimed > q.maxLatencyMs()) {
        return Optional.of("p95 latency " + claimed + " ms > " + q.maxLatencyMs() + " ms");
      }
    }
    if (q.maxPrice().isPresent()) {
      double price = p.price();
      if (price > q.maxPrice().get()) {
        return Optional.of("price " + price + " > " + q.maxPrice().get());
      }
    }
    if (q.region().isPresent()
        && p.region().isPresent()
        && !p.region().get().equals(q.region().get())) {
      return Optional.of("region " + p.region().get());
    }
    if (p.sideEffect().compareTo(q.maxSideEffect()) > 0) {
      return Optional.of("side effect " + p.sideEffect());
    }
    if (p.maxTier() < q.minTier()) {
      return Optional.of("supports tier " + p.maxTier() + " < " + q.minTier());
    }
    return Optional.empty();
  }

  /** Whether {@code d} carries {@code tag} or a tag below it. */
  public static boolean carries(CapabilityDescriptor d, CapabilityTag tag) {
    for (CapabilityTag t : d.intent().tags()) {
      if (t.isWithin(tag)) {
        return true;
      }
    }
    return false;
  }
}
