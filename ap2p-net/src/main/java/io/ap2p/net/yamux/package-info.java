/**
 * Connectivity plane: yamux stream multiplexing (hashicorp/yamux spec.md, as libp2p uses it under
 * {@code /yamux/1.0.0}).
 */
package io.ap2p.net.yamux;
