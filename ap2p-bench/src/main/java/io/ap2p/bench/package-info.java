/** JMH benchmarks; each prints the throughput it measured. */
package io.ap2p.bench;
