/**
 * Resource limits of a host (connections, streams, handlers, buffered bytes) and the counters of
 * what was refused for hitting one; see docs/limits.md.
 */
package io.ap2p.net.resource;
