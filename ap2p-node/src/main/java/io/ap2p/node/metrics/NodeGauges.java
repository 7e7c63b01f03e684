package io.ap2p.node.metrics;

import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.resource.Refusal;
import io.ap2p.node.Node;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What is read from a node at each scrape rather than counted as it happens: its connections, the
 * limits its resource manager enforced (its own {@code Refusals} counters), the descriptors its
 * registry holds, the freshness of what it publishes, and its tasks.
 */
final class NodeGauges {

  private static final System.Logger LOG = System.getLogger(NodeGauges.class.getName());

  private NodeGauges() {}

  static void register(Families f, Node node, DiscoveryMetrics discovery, Clock clock) {
    Host host = node.host();
    gauge(
        f,
        "ap2p_connections",
        "Open connections, by direction.",
        cb -> {
          int in = 0;
          int out = 0;
          for (Connection c : host.connections()) {
            if (c.outbound()) {
              out++;
            } else {
              in++;
            }
          }
          cb.call(in, "inbound");
          cb.call(out, "outbound");
        },
        "direction");
    gauge(
        f,
        "ap2p_handshakes_pending",
        "Inbound connections still in their handshake.",
        cb -> cb.call(host.pendingHandshakes()));
    gauge(
        f,
        "ap2p_inbound_streams",
        "Inbound streams open now.",
        cb -> cb.call(host.resources().inboundStreams()));
    gauge(
        f,
        "ap2p_buffered_bytes",
        "Bytes received from peers and not yet read.",
        cb -> cb.call(host.resources().bufferedBytes()));
    CounterWithCallback.builder(Families.PROPERTIES)
        .name("ap2p_limit_refusals_total")
        .help(
            "What the host's limits refused or cut, by reason (docs/limits.md); handshake"
                + " admission evictions are reason handshake_evicted.")
        .labelNames("reason")
        .callback(
            safe(
                "ap2p_limit_refusals_total",
                cb -> {
                  for (Map.Entry<Refusal, Long> e : host.refusals().snapshot().entrySet()) {
                    cb.call(e.getValue(), e.getKey().counterName());
                  }
                }))
        .register(f.registry());
    node.registry()
        .ifPresent(
            r ->
                gauge(
                    f,
                    "ap2p_registry_descriptors",
                    "Descriptors this node's registry holds.",
                    cb -> cb.call(r.size())));
    publishing(f, node, discovery, clock);
    tasks(f, node);
    trust(f, node);
  }

  private static void trust(Families f, Node node) {
    node.attestor()
        .ifPresent(
            a ->
                counter(
                    f,
                    "ap2p_attestations_served_total",
                    "Attestation requests this node answered as an attestor (--attestor), by"
                        + " outcome: countersigned, or the refusal's reason.",
                    cb ->
                        a.counters()
                            .forEach(
                                (k, n) ->
                                    cb.call(
                                        n,
                                        k.startsWith("refused.")
                                            ? k.substring(8).toLowerCase(Locale.ROOT)
                                            : k)),
                    "outcome"));
    node.feedback()
        .ifPresent(
            fs ->
                counter(
                    f,
                    "ap2p_feedback_reports_total",
                    "Signed feedback reports (Tier 1) received from peers, by result: accepted, or"
                        + " rejected (forged, replayed, expired, misdirected).",
                    cb -> {
                      cb.call(fs.accepted(), "accepted");
                      cb.call(fs.rejected(), "rejected");
                    },
                    "result"));
  }

  private static void counter(
      Families f,
      String name,
      String help,
      Consumer<CounterWithCallback.Callback> cb,
      String label) {
    CounterWithCallback.builder(Families.PROPERTIES)
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(safe(name, cb))
        .register(f.registry());
  }

  private static void publishing(Families f, Node node, DiscoveryMetrics discovery, Clock clock) {
    if (node.provider().isEmpty()) {
      return;
    }
    var provider = node.provider().get();
    gauge(
        f,
        "ap2p_publish_discoverable",
        "1 if the registry holds an unexpired copy of this node's descriptor, else 0.",
        cb -> {
          long now = clock.millis();
          for (PublishStatus s : provider.status()) {
            cb.call(s.discoverableAt(now) ? 1 : 0, s.capabilityId());
          }
        },
        "capability");
    gauge(
        f,
        "ap2p_publish_expires_in_seconds",
        "Seconds until the registered copy of this node's descriptor expires (0 when expired or"
            + " never registered).",
        cb -> {
          long now = clock.millis();
          for (PublishStatus s : provider.status()) {
            cb.call(Math.max(0, s.expiresAtMillis() - now) / 1000.0, s.capabilityId());
          }
        },
        "capability");
    gauge(
        f,
        "ap2p_publish_last_accepted_age_seconds",
        "Seconds since the registry last accepted a registration of this node's descriptor"
            + " (absent until one is accepted).",
        cb -> {
          long now = clock.millis();
          for (PublishStatus s : provider.status()) {
            Optional<Long> at = discovery.lastAccepted(s.capabilityId());
            if (at.isPresent()) {
              cb.call(Math.max(0, now - at.get()) / 1000.0, s.capabilityId());
            }
          }
        },
        "capability");
  }

  private static void tasks(Families f, Node node) {
    CounterWithCallback.builder(Families.PROPERTIES)
        .name("ap2p_served_tasks_total")
        .help(
            "Task requests this node answered as a provider, by outcome: succeeded, an error code"
                + " (busy, failed, deadline_exceeded, …), or protocol_violation.")
        .labelNames("outcome")
        .callback(
            safe(
                "ap2p_served_tasks_total",
                cb ->
                    node.tasks()
                        .counters()
                        .forEach(
                            (k, n) -> {
                              if (k.equals("succeeded")) {
                                cb.call(n, "succeeded");
                              } else if (k.equals("violations")) {
                                cb.call(n, "protocol_violation");
                              } else if (k.startsWith("error.")) {
                                cb.call(n, k.substring(6).toLowerCase(Locale.ROOT));
                              }
                            })))
        .register(f.registry());
    gauge(
        f,
        "ap2p_served_tasks_running",
        "Tasks this node runs for peers now.",
        cb -> cb.call(node.tasks().counters().getOrDefault("running", 0L)));
    gauge(
        f,
        "ap2p_delegated_tasks_running",
        "Tasks and workflows this node delegates now.",
        cb -> cb.call(node.workflows().runs().stream().filter(r -> !r.done().isDone()).count()));
  }

  private static void gauge(
      Families f, String name, String help, Consumer<GaugeWithCallback.Callback> cb) {
    GaugeWithCallback.builder(Families.PROPERTIES)
        .name(name)
        .help(help)
        .callback(safe(name, cb))
        .register(f.registry());
  }

  private static void gauge(
      Families f, String name, String help, Consumer<GaugeWithCallback.Callback> cb, String label) {
    GaugeWithCallback.builder(Families.PROPERTIES)
        .name(name)
        .help(help)
        .labelNames(label)
        .callback(safe(name, cb))
        .register(f.registry());
  }

  /** {@code cb}, with a failure logged and the family left empty instead of failing the scrape. */
  private static <C> Consumer<C> safe(String name, Consumer<C> cb) {
    return c -> {
      try {
        cb.accept(c);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> name + ": " + e, e);
      }
    };
  }
}
