/**
 * Tier 1 on a real node: the requester's reputation view kept across restarts ({@link
 * io.ap2p.node.trust.TrustBook}) and signed feedback between peers ({@code /ap2p/feedback/1.0.0}).
 */
package io.ap2p.node.trust;
