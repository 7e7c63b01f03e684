/**
 * A real ap2p network on loopback for {@code ap2p demo} and the simulator-against-reality test: a
 * registry, honest providers, adversary personas and requesters, all real libp2p nodes.
 */
package io.ap2p.node.demo;
