/** Connectivity plane: the libp2p protocols every peer answers, identify and ping. */
package io.ap2p.net.protocol;
