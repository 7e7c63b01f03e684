package io.ap2p.sim.run;

import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.execution.task.TaskCodec;
import io.ap2p.core.execution.task.TaskErrorCode;
import io.ap2p.core.execution.task.TaskLimits;
import io.ap2p.core.execution.task.TaskMessage;

/**
 * Bytes of a task attempt on {@code /ap2p/task/1.0.0}, framed by {@link TaskCodec} as a real peer
 * would send them: INVOKE and the input's DATA one way, RESULT and the output's DATA (or ERROR) the
 * other, in chunks of the protocol's largest size.
 */
final class TaskBytes {

  /** What the simulated workflows carry: opaque bytes. */
  static final String MEDIA_TYPE = "application/octet-stream";

  private static final int CHUNK = TaskLimits.PROTOCOL.maxChunk();

  private TaskBytes() {}

  /** The INVOKE of {@code inv}, asking for {@code deadlineMillis} (at least 1), and its input. */
  static long invocation(Delegation.Action.Invoke inv, long deadlineMillis) {
    return TaskCodec.invocationBytes(invoke(inv, deadlineMillis), CHUNK);
  }

  /** The INVOKE message of {@code inv}: the task and the descriptor it was chosen under. */
  static TaskMessage.Invoke invoke(Delegation.Action.Invoke inv, long deadlineMillis) {
    return inv.message(inv.task().id(), MEDIA_TYPE, deadlineMillis);
  }

  /** The RESULT carrying {@code r}'s receipt, and its output. */
  static long result(TaskResult r) {
    return TaskCodec.resultBytes(
        new TaskMessage.Result(MEDIA_TYPE, r.output().length(), r.receipt()), CHUNK);
  }

  /** The ERROR of a provider whose handler failed with {@code message}. */
  static long error(String message) {
    return TaskCodec.frameSize(new TaskMessage.Error(TaskErrorCode.FAILED, message));
  }
}
