/**
 * GossipSub v1.1 ({@code /meshsub/1.1.0}, libp2p/specs pubsub/gossipsub): the RPC codec, StrictSign
 * message signing, the sans-I/O router and its binding to a {@link io.ap2p.net.host.Host}.
 */
package io.ap2p.net.pubsub;
