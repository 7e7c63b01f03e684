/**
 * The discrete-event engine: virtual time, a 4-ary heap of events with a sequence tie-break, and a
 * clock for core's state machines. Deterministic: the same events scheduled in the same order fire
 * in the same order.
 */
package io.ap2p.sim.engine;
