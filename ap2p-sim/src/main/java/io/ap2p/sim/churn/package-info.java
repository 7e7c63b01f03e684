/**
 * Churn: peers whose sessions go on and off (Weibull session lengths), agents that start cold after
 * coming back, and what requesters see of it (stale answers). See docs/simulation.md.
 */
package io.ap2p.sim.churn;
