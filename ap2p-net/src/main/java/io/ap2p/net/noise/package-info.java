/**
 * Connectivity plane: the Noise {@code XX} secure channel with libp2p's identity payload
 * (libp2p/specs noise/README.md).
 */
package io.ap2p.net.noise;
