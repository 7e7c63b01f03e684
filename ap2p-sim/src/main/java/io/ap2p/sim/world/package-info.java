/**
 * The simulated world: link latency per class, capability drift, and the true behaviour of honest
 * providers and adversaries. Policy decisions are not made here; they come from ap2p-core.
 */
package io.ap2p.sim.world;
