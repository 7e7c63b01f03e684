/** Connectivity plane: multiaddrs, the self-describing network addresses of libp2p. */
package io.ap2p.net.multiaddr;
