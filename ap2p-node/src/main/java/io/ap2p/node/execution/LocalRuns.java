package io.ap2p.node.execution;

import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.Cancellation;
import io.ap2p.node.execution.handler.HandlerException;
import io.ap2p.node.execution.handler.Invocation;
import io.ap2p.node.execution.handler.Output;
import io.ap2p.node.execution.handler.Progress;
import java.util.Optional;

/**
 * Runs a capability this node serves for its own owner, not for a peer (the A2A bridge's path): the
 * same handlers, input limit, deadline cap, admission and task log as {@code /ap2p/task/1.0.0}
 * ({@link TaskService}), with the node's own peer id as the requester and no receipt.
 */
public final class LocalRuns {

  private final TaskService service;
  private final PeerId self;

  /** Runs on {@code service}'s capabilities as {@code self}. */
  public LocalRuns(TaskService service, PeerId self) {
    this.service = service;
    this.self = self;
  }

  /**
   * Runs {@code capabilityId} on {@code input}; blocks until it ends.
   *
   * @param taskId the task's id in the log (unique)
   * @param deadlineMillis the longest the caller waits; capped by the capability's deadline
   * @throws HandlerException with the code a peer would have been told (unknown capability, input
   *     too large, busy, deadline, cancelled, output too large, bad input, failed)
   */
  public Output run(
      String capabilityId,
      String taskId,
      Bytes input,
      String mediaType,
      long deadlineMillis,
      Progress progress,
      Cancellation cancellation)
      throws HandlerException {
    ServedCapability cap = service.capabilities().get(capabilityId);
    if (cap == null) {
      throw new HandlerException(
          TaskErrorCode.UNKNOWN_CAPABILITY, "not served here: " + capabilityId);
    }
    long maxInput = cap.template().constraints().maxInputBytes();
    if (input.length() > maxInput) {
      throw new HandlerException(
          TaskErrorCode.INPUT_TOO_LARGE,
          "input of " + input.length() + " bytes > maxInputBytes " + maxInput);
    }
    long now = service.clock().millis();
    long deadline =
        now + Math.max(1, Math.min(deadlineMillis, cap.template().constraints().deadlineMs()));
    Admission.Ticket ticket;
    try {
      ticket = service.admission().acquire(self, deadline - now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HandlerException.cancelled();
    }
    if (ticket instanceof Admission.Ticket.Refused r) {
      throw new HandlerException(
          TaskErrorCode.BUSY,
          "busy (" + r.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
    long started = service.clock().millis();
    Admission.Slot slot = ((Admission.Ticket.Granted) ticket).slot();
    try {
      Output out = runAdmitted(cap, taskId, input, mediaType, deadline, progress, cancellation);
      record(taskId, cap, "SUCCEEDED", "", started);
      return out;
    } catch (HandlerException e) {
      record(
          taskId,
          cap,
          e.code() == TaskErrorCode.CANCELLED ? "CANCELLED" : "FAILED",
          e.getMessage(),
          started);
      throw e;
    } finally {
      slot.close();
    }
  }

  private Output runAdmitted(
      ServedCapability cap,
      String taskId,
      Bytes input,
      String mediaType,
      long deadline,
      Progress progress,
      Cancellation cancellation)
      throws HandlerException {
    Invocation invocation =
        new Invocation(
            taskId,
            self.toString(),
            input,
            mediaType,
            deadline,
            service.limits().protocol().maxOutput(),
            service.clock());
    try {
      return service.runHandler(cap, invocation, progress, cancellation, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw HandlerException.cancelled();
    }
  }

  private void record(
      String taskId, ServedCapability cap, String state, String detail, long started) {
    service
        .log()
        .served(
            new ExecutionLog.ServedTask(
                taskId,
                self,
                cap.id(),
                state,
                detail.length() > 1000 ? detail.substring(0, 1000) : detail,
                started,
                service.clock().millis(),
                Optional.empty()));
  }
}
