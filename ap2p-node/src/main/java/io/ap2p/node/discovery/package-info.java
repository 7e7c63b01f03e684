/**
 * Semantic discovery plane on real peers: the registry service, the provider that keeps its
 * descriptors registered, and the finder that queries, verifies and ranks; all drive ap2p-core's
 * state machines through ap2p-net's runtime.
 */
package io.ap2p.node.discovery;
