package io.ap2p.node.metrics;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Set;

/**
 * Builds metric families on one registry with fixed settings: no exemplars, classic histograms with
 * explicit buckets, and none of the library's global configuration (system properties or a {@code
 * prometheus.properties} file) read.
 */
final class Families {

  /** Bucket bounds for discovery latency, in seconds: 1 ms to 10 s. */
  static final double[] QUERY_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** Bucket bounds for task latency, in seconds: 10 ms to 10 min. */
  static final double[] TASK_SECONDS = {
    0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600
  };

  /** Defaults only: no global configuration. */
  static final PrometheusProperties PROPERTIES = PrometheusProperties.builder().build();

  private final PrometheusRegistry registry;

  Families(PrometheusRegistry registry) {
    this.registry = registry;
  }

  PrometheusRegistry registry() {
    return registry;
  }

  Counter counter(String name, String help, String... labels) {
    return Counter.builder(PROPERTIES)
        .name(name)
        .help(help)
        .labelNames(labels)
        .withoutExemplars()
        .register(registry);
  }

  Histogram histogram(String name, String help, double[] bounds, String... labels) {
    return Histogram.builder(PROPERTIES)
        .name(name)
        .help(help)
        .labelNames(labels)
        .classicOnly()
        .classicUpperBounds(bounds)
        .withoutExemplars()
        .register(registry);
  }

  /** {@code outbound} as the {@code direction} label. */
  static String direction(boolean outbound) {
    return outbound ? "outbound" : "inbound";
  }

  /**
   * {@code reason} as a label value: lower case if it is one of {@code known} (enum names from our
   * own code), else {@code other}, so a peer cannot add series by sending a reason of its own.
   */
  static String reason(String reason, Set<String> known) {
    return known.contains(reason) ? reason.toLowerCase(Locale.ROOT) : "other";
  }
}
