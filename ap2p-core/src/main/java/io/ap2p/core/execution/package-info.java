/**
 * Execution plane, sans-I/O: tasks, steps and workflows (chains, DAG-ready), the {@link
 * io.ap2p.core.execution.Delegation} state machine (canary, invoke, verify, fall back within a
 * budget) and {@link io.ap2p.core.execution.WorkflowRun}, which discovers, ranks under the tier
 * policy and delegates each step.
 */
package io.ap2p.core.execution;
