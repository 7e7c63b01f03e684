/**
 * Connectivity plane: the runtime that drives ap2p-core's sans-I/O state machines over real streams
 * and real time, the twin of the simulator's engine: one lock serialises every input to a state
 * machine (as the engine's single thread does), timers fire from the injected clock's schedule, and
 * request/response protocols map one stream to one exchange.
 */
package io.ap2p.net.runtime;
