/**
 * Attestation between real peers: the attestor role serving {@code /ap2p/attest/1.0.0}, and the
 * provider's client that asks its attestor to countersign receipts.
 */
package io.ap2p.node.trust.attest;
