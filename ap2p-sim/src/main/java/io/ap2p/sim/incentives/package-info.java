/**
 * The {@code incentives} scenario: contributors, free riders, strategic peers and honest newcomers
 * requesting from and serving each other, with and without ap2p-core's reciprocity ledger and
 * service policy ({@link io.ap2p.core.incentives}).
 */
package io.ap2p.sim.incentives;
