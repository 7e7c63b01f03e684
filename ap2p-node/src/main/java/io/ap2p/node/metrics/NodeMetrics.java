package io.ap2p.node.metrics;

import io.ap2p.core.time.Clock;
import io.ap2p.net.host.HostEvents;
import io.ap2p.node.discovery.DiscoveryEvents;
import io.ap2p.node.execution.CandidateSource;
import io.ap2p.node.execution.ExecutionEvents;
import io.ap2p.node.execution.ExecutionLog;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One node's metrics: its own registry (never the library's global one, so nodes sharing a JVM keep
 * theirs apart), the planes' event hooks that feed it, and the node's state read at scrape time
 * once {@link #watch} is called. Counting starts when the node starts; nothing survives a restart.
 * See docs/metrics.md for every metric.
 */
public final class NodeMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Families families = new Families(registry);
  private final Clock clock;
  private final HostMetrics host;
  private final DiscoveryMetrics discovery;
  private final ExecutionMetrics execution;
  private volatile boolean watching;

  /** Metrics for a node running on {@code clock} (publish freshness is judged on it). */
  public NodeMetrics(Clock clock) {
    this.clock = clock;
    this.host = new HostMetrics(families);
    this.discovery = new DiscoveryMetrics(families, clock);
    this.execution = new ExecutionMetrics(families);
  }

  /** The hook for the libp2p host ({@code Host.events}). */
  public HostEvents host() {
    return host;
  }

  /** The hook for the registry and the publisher ({@code events} on each). */
  public DiscoveryEvents discovery() {
    return discovery;
  }

  /** The hook for delegation's verification checks ({@code WorkflowService.events}). */
  public ExecutionEvents execution() {
    return execution;
  }

  /** {@code log} with the tasks it sees end measured; give this to the execution services. */
  public ExecutionLog log(ExecutionLog log) {
    return execution.wrap(log);
  }

  /** {@code source} with each query timed, as discovery in {@code mode} (REGISTRY, DHT). */
  public CandidateSource timed(String mode, CandidateSource source) {
    return discovery.timed(mode.toLowerCase(java.util.Locale.ROOT), source);
  }

  /**
   * One discovery query of this node's own ({@code POST /v1/find}) took {@code nanos}; {@code mode}
   * is "registry" or "dht".
   */
  public void queried(String mode, boolean ok, long nanos) {
    discovery.queried(mode.equals("dht") ? "dht" : "registry", ok, nanos);
  }

  /**
   * Hooks into {@code node}'s registry, publisher and delegation, and reads its state at each
   * scrape from now on: connections, limits hit, descriptors held and published, tasks running.
   * Call once, as the node starts.
   */
  public synchronized void watch(io.ap2p.node.Node node) {
    if (watching) {
      throw new IllegalStateException("already watching a node");
    }
    watching = true;
    node.registry().ifPresent(r -> r.events(discovery));
    node.provider().ifPresent(p -> p.events(discovery));
    node.workflows().events(execution);
    NodeGauges.register(families, node, discovery, clock);
  }

  /** The registry, to scrape. */
  public PrometheusRegistry registry() {
    return registry;
  }
}
