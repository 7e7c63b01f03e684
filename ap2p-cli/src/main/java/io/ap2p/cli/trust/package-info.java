/** {@code ap2p trust}: list, show and forget the peers in a running node's Tier 1 view. */
package io.ap2p.cli.trust;
