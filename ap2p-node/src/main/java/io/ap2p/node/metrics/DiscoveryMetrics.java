package io.ap2p.node.metrics;

import io.ap2p.core.discovery.DescriptorReason;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryReason;
import io.ap2p.core.time.Clock;
import io.ap2p.node.discovery.DiscoveryEvents;
import io.ap2p.node.discovery.RegistryService;
import io.ap2p.node.execution.CandidateSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Discovery's events as metrics: what this node's registry admitted and refused and how fast it
 * answered queries; what the registry answered this node's publisher; how long this node's own
 * discovery took.
 */
final class DiscoveryMetrics implements DiscoveryEvents {

  /** Reasons a registry gives, as our code names them; anything else is {@code other}. */
  static final Set<String> REASONS = reasons();

  /** Most capabilities whose last accepted registration is remembered. */
  static final int MAX_CAPABILITIES = 4096;

  private final Clock clock;
  private final Counter admissions;
  private final Counter refusals;
  private final Histogram queries;
  private final Counter registrations;
  private final Histogram discovery;
  private final Map<String, Long> lastAccepted = new ConcurrentHashMap<>();

  DiscoveryMetrics(Families f, Clock clock) {
    this.clock = clock;
    admissions =
        f.counter(
            "ap2p_registry_admissions_total",
            "Registrations and withdrawals this node's registry accepted, by kind.",
            "kind");
    refusals =
        f.counter(
            "ap2p_registry_refusals_total",
            "Requests this node's registry ignored or rejected, by kind, status and reason.",
            "kind",
            "status",
            "reason");
    queries =
        f.histogram(
            "ap2p_registry_query_duration_seconds",
            "Time this node's registry took to answer a query with matches (waiting for a ranking"
                + " slot included).",
            Families.QUERY_SECONDS);
    registrations =
        f.counter(
            "ap2p_publish_registrations_total",
            "Answers to this node's registrations (registry or DHT): accepted, ignored, rejected,"
                + " or failed (unreachable, BUSY or the send queue full; retried).",
            "result");
    discovery =
        f.histogram(
            "ap2p_discovery_query_duration_seconds",
            "Time this node's own discovery queries took (delegation's candidates, POST"
                + " /v1/find), by mode and result.",
            Families.QUERY_SECONDS,
            "mode",
            "result");
    admissions.initLabelValues("register");
    admissions.initLabelValues("withdraw");
    for (String r : new String[] {"accepted", "ignored", "rejected", "failed"}) {
      registrations.initLabelValues(r);
    }
  }

  private static Set<String> reasons() {
    Set<String> s = new HashSet<>();
    for (DescriptorReason r : DescriptorReason.values()) {
      s.add(r.name());
    }
    for (RegistryReason r : RegistryReason.values()) {
      s.add(r.name());
    }
    s.add(RegistryService.BUSY.reason());
    return Set.copyOf(s);
  }

  @Override
  public void registryServed(RegistryMessage request, RegistryMessage answer, long nanos) {
    String kind =
        switch (request) {
          case RegistryMessage.Register r -> "register";
          case RegistryMessage.Withdraw w -> "withdraw";
          case RegistryMessage.Find q -> "find";
          default -> "other";
        };
    if (answer instanceof RegistryMessage.Found) {
      queries.observe(nanos / 1e9);
    } else if (answer instanceof RegistryMessage.Ack ack) {
      if (ack.status() == RegistryMessage.Status.ACCEPTED) {
        admissions.labelValues(kind).inc();
      } else {
        refusals
            .labelValues(
                kind,
                ack.status().name().toLowerCase(Locale.ROOT),
                Families.reason(ack.reason(), REASONS))
            .inc();
      }
    }
  }

  @Override
  public void publishAnswered(String capabilityId, RegistryMessage.Ack ack) {
    registrations.labelValues(ack.status().name().toLowerCase(Locale.ROOT)).inc();
    if (ack.status() == RegistryMessage.Status.ACCEPTED
        && (lastAccepted.size() < MAX_CAPABILITIES || lastAccepted.containsKey(capabilityId))) {
      lastAccepted.put(capabilityId, clock.millis());
    }
  }

  @Override
  public void publishFailed(String capabilityId) {
    registrations.labelValues("failed").inc();
  }

  /** When the registry last accepted a registration of {@code capabilityId}, in clock millis. */
  Optional<Long> lastAccepted(String capabilityId) {
    return Optional.ofNullable(lastAccepted.get(capabilityId));
  }

  void queried(String mode, boolean ok, long nanos) {
    discovery.labelValues(mode, ok ? "ok" : "failed").observe(nanos / 1e9);
  }

  /** {@code source} timed: each query observed in {@code ap2p_discovery_query_duration_seconds}. */
  CandidateSource timed(String mode, CandidateSource source) {
    return query -> {
      long start = System.nanoTime();
      String result = "failed";
      try {
        var answer = source.find(query);
        result = "ok";
        return answer;
      } finally {
        discovery.labelValues(mode, result).observe((System.nanoTime() - start) / 1e9);
      }
    };
  }
}
