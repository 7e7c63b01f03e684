/** Connectivity plane: byte channels, TCP and the connection upgrade to a secure, muxed link. */
package io.ap2p.net.transport;
