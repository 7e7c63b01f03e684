/**
 * Trust and verification (crosses all planes), sans-I/O: Tier 1 reputation ({@link
 * io.ap2p.core.trust.Reputation}), Tier 2 canaries ({@link io.ap2p.core.trust.CanaryFactory}), Tier
 * 3 evidence ({@link io.ap2p.core.trust.SignedReceipt}, {@link io.ap2p.core.trust.ReceiptVerifier})
 * and the policy that chooses checks by a step's risk ({@link io.ap2p.core.trust.TierPolicy}).
 */
package io.ap2p.core.trust;
