/**
 * What runs a capability's work on the provider: the {@link io.ap2p.node.execution.handler.Handler}
 * API (one invocation in, an output or a typed {@link
 * io.ap2p.node.execution.handler.HandlerException} out, with progress, cancellation and a deadline
 * on an injected clock), local commands ({@link io.ap2p.node.execution.handler.ExecHandler}), local
 * HTTP services ({@link io.ap2p.node.execution.handler.HttpHandler}) and the {@link
 * io.ap2p.node.execution.handler.BuiltIns} skills. The service that accepts invocations from the
 * network calls these handlers, each invocation on a virtual thread of its own.
 */
package io.ap2p.node.execution.handler;
