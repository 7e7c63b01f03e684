/**
 * The execution plane on a real node: the provider's side of {@code /ap2p/task/1.0.0} ({@link
 * io.ap2p.node.execution.TaskService}, one {@code ServedStream} per admitted task, admission
 * limits, chained receipts), the requester's side ({@link io.ap2p.node.execution.WorkflowService},
 * which runs ap2p-core's {@code WorkflowDriver} over the network with {@link
 * io.ap2p.node.execution.TaskClient}), and the execution log in the node's database. See
 * docs/execution.md.
 */
package io.ap2p.node.execution;
