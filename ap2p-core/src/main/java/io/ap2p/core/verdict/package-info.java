/**
 * Judgments on peer input ({@link io.ap2p.core.verdict.Verdict}): accept, ignore or reject, always
 * with a reason. Shared by every plane, since trust feeds on all of them.
 */
package io.ap2p.core.verdict;
