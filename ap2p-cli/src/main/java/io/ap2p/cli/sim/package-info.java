/** {@code ap2p sim}: run the discrete-event simulator and write its reports. */
package io.ap2p.cli.sim;
