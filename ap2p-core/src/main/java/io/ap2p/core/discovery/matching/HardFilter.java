package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.Availability;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import java.util.Optional;

/** The hard constraints of a query: a descriptor that violates one is never a match. */
public final class HardFilter {

  private HardFilter() {}

  /** Why {@code d} fails {@code q}, or empty when it passes every hard constraint. */
  public static Optional<String> violation(Query q, CapabilityDescriptor d) {
    if (d.state().availability() == Availability.UNAVAILABLE) {
      return Optional.of("unavailable");
    }
    if (!q.tags().isEmpty() && q.tags().stream().noneMatch(t -> carries(d, t))) {
      return Optional.of("no tag within " + q.tags());
    }
    if (q.maxLatencyMs() > 0) {
      long claimed = d.qos().map(x -> x.latencyP95Ms()).orElse(d.constraints().deadlineMs());
      if (claimed > q.maxLatencyMs()) {
        return Optional.of("p95 latency " + claimed + " ms > " + q.maxLatencyMs() + " ms");
      }
    }
    if (q.maxPrice().isPresent()) {
      double price = d.constraints().price().map(p -> p.amount()).orElse(0.0);
      if (price > q.maxPrice().get()) {
        return Optional.of("price " + price + " > " + q.maxPrice().get());
      }
    }
    if (q.region().isPresent()
        && d.constraints().region().isPresent()
        && !d.constraints().region().get().equals(q.region().get())) {
      return Optional.of("region " + d.constraints().region().get());
    }
    if (d.constraints().sideEffect().compareTo(q.maxSideEffect()) > 0) {
      return Optional.of("side effect " + d.constraints().sideEffect());
    }
    if (d.verification().maxTier() < q.minTier()) {
      return Optional.of("supports tier " + d.verification().maxTier() + " < " + q.minTier());
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
