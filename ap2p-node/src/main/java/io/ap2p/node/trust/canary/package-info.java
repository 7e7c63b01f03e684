/**
 * Tier 2 on a real node: where a requester's canaries come from (local re-execution of the built-in
 * deterministic skills, a canary set file) and how their answers are checked.
 */
package io.ap2p.node.trust.canary;
