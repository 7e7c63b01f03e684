/**
 * The node's Prometheus metrics: one registry per node, fed by the planes' event hooks and by
 * callbacks that read the node's state at scrape time, served at {@code /metrics} on the local API
 * (docs/metrics.md).
 */
package io.ap2p.node.metrics;
