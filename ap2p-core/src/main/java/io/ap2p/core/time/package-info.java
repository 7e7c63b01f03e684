/**
 * Time, injected: the {@link io.ap2p.core.time.Clock} interface, the wall clock and a manual
 * (virtual) clock. No other package of ap2p-core reads the wall clock.
 */
package io.ap2p.core.time;
