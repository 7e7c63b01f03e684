/**
 * The task protocol {@code /ap2p/task/1.0.0}, sans-I/O: its messages, their codec with hard limits
 * and typed failures, and the per-stream state machines that enforce message order and sizes on the
 * requester's and the provider's side. Documented byte by byte in docs/task-protocol.md.
 */
package io.ap2p.core.execution.task;
