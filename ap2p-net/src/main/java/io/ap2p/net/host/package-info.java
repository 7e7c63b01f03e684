/**
 * Connectivity plane: the host that listens, dials, upgrades TCP connections (multistream-select,
 * Noise, yamux), routes streams to protocol handlers and keeps the peer store and its limits.
 */
package io.ap2p.net.host;
