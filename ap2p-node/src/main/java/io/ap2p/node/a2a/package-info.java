/**
 * The A2A bridge: signed AgentCards for a node's capabilities (RFC 8785 canonical form as
 * {@code @a2a-js/sdk} 1.3.0 builds it, detached-payload JWS with EdDSA) and the A2A JSON-RPC
 * endpoint on the local API that runs the node's own capabilities.
 */
package io.ap2p.node.a2a;
