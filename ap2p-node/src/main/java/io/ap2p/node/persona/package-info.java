/**
 * Adversary personas: a real node that misbehaves as the simulator's adversaries do, for tests and
 * demos only.
 */
package io.ap2p.node.persona;
