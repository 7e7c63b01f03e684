/**
 * Connectivity/identity plane, pure part: Ed25519 keys, libp2p peer ids, the key protobufs, and
 * signing with domain separation behind the {@link io.ap2p.core.identity.Signer} interface.
 */
package io.ap2p.core.identity;
