/** A harness that runs peers of other libp2p implementations for interop tests and benchmarks. */
package io.ap2p.interop;
