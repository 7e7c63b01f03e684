/**
 * Dispute evidence: the bundle a party exports for one task (the descriptor the provider was chosen
 * under, the request digest and nonce, the signed receipts with their attestations and traces) and
 * its offline check, which says who signed what or refuses the bundle with a reason.
 */
package io.ap2p.core.trust.dispute;
