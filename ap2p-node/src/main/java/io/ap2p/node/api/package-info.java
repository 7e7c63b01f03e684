/**
 * The local API's task endpoints ({@code /v1/tasks}): the requests that start delegations, the JSON
 * that reports them, and the choice of a capability tag for an intent. {@link
 * io.ap2p.node.LocalApi} serves them; the {@code ap2p} command uses the same classes for the
 * transient node it starts when no running node is named.
 */
package io.ap2p.node.api;
