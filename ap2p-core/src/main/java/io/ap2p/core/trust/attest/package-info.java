/** Attestation ({@code /ap2p/attest/1.0.0}): a provider asks a third party to countersign. */
package io.ap2p.core.trust.attest;
