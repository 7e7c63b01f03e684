/**
 * The execution-plane commands: {@code ap2p invoke} and {@code ap2p workflow …}. They delegate
 * through a transient node started in-process, or through a running node's local API ({@code --node
 * DIR}); both are a {@link io.ap2p.cli.execution.Session}.
 */
package io.ap2p.cli.execution;
