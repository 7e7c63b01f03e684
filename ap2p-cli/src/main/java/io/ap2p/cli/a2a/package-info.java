/** {@code ap2p a2a}: a node's signed A2A AgentCard, and verifying cards against a pinned key. */
package io.ap2p.cli.a2a;
