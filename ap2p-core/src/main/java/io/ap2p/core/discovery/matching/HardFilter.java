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
   * pass or fail every query's constraints alike.
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

  /** Whether a claimed p95 latency of {@code claimed} ms passes {@code q}'s bound. */
  public static boolean latencyPasses(Query q, long claimed) {
    return q.maxLatencyMs() <= 0 || claimed <= q.maxLatencyMs();
  }

  /** Whether a price of {@code price} passes {@code q}'s bound. */
  public static boolean pricePasses(Query q, double price) {
    return q.maxPrice().isEmpty() || !(price > q.maxPrice().get());
  }

  /**
   * Whether a descriptor passes {@code q}'s constraints other than tags, latency and price: those
   * on fields with few values (an index can group descriptors by them).
   */
  public static boolean fewValuedPass(
      Query q, boolean unavailable, Optional<String> region, SideEffect sideEffect, int maxTier) {
    return !unavailable
        && regionPasses(q, region)
        && sideEffect.compareTo(q.maxSideEffect()) <= 0
        && maxTier >= q.minTier();
  }

  private static boolean regionPasses(Query q, Optional<String> region) {
    return q.region().isEmpty() || region.isEmpty() || region.get().equals(q.region().get());
  }

  private static Optional<String> constraints(Query q, Profile p) {
    if (!latencyPasses(q, p.latencyMs())) {
      return Optional.of("p95 latency " + p.latencyMs() + " ms > " + q.maxLatencyMs() + " ms");
    }
    if (!pricePasses(q, p.price())) {
      return Optional.of("price " + p.price() + " > " + q.maxPrice().get());
    }
    if (!regionPasses(q, p.region())) {
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
