/**
 * Incentives against free-riding, sans-I/O: the per-peer reciprocity ledger kept from signed
 * receipts ({@link io.ap2p.core.incentives.ReciprocityLedger}), the provider's service policy that
 * puts contributors first and asks strangers for a minimum balance or a proof of work ({@link
 * io.ap2p.core.incentives.ServicePolicy}), and that proof of work ({@link
 * io.ap2p.core.incentives.Stamp}).
 */
package io.ap2p.core.incentives;
