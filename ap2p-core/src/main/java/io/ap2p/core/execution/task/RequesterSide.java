package io.ap2p.core.execution.task;

import io.ap2p.core.execution.TaskResult;
import io.ap2p.core.trust.SignedReceipt;
import java.util.Optional;

/**
 * The requester's end of one task stream, sans-I/O: judges the provider's frames in order.
 *
 * <pre>
 *  AWAIT_ANSWER ──PROGRESS (≤ max)──► AWAIT_ANSWER
 *       │ ──ERROR──► Failed
 *       │ ──RESULT──► RECEIVING ──DATA × n (= output length)──► Completed
 *       └── anything else, too much DATA or PROGRESS, end of stream early ──► Violation
 * </pre>
 */
public final class RequesterSide {

  /** What a provider frame means to the requester. */
  public sealed interface Event {
    /** The provider reported progress. */
    record Progressed(double fraction, String message) implements Event {}

    /** A chunk of output arrived; more is due. */
    record OutputPart(long received, long total) implements Event {}

    /** The whole result arrived. */
    record Completed(TaskResult result, String mediaType) implements Event {}

    /** The provider answered with an error. */
    record Failed(TaskErrorCode code, String message) implements Event {}

    /** The provider broke the protocol. */
    record Violation(String why) implements Event {}
  }

  private enum State {
    AWAIT_ANSWER,
    RECEIVING,
    DONE
  }

  private final TaskLimits limits;
  private State state = State.AWAIT_ANSWER;
  private int progress;
  private ByteAccumulator output;
  private TaskMessage.Result header;

  /** A stream end under {@code limits} (its output bound is the largest answer accepted). */
  public RequesterSide(TaskLimits limits) {
    this.limits = limits;
  }

  /** Judges the next frame from the provider. */
  public Event onFrame(TaskMessage m) {
    switch (state) {
      case AWAIT_ANSWER -> {
        switch (m) {
          case TaskMessage.Progress p -> {
            if (++progress > limits.maxProgress()) {
              return violation("more than " + limits.maxProgress() + " PROGRESS messages");
            }
            return new Event.Progressed(p.fraction(), p.message());
          }
          case TaskMessage.Error e -> {
            state = State.DONE;
            return new Event.Failed(e.code(), e.message());
          }
          case TaskMessage.Result r -> {
            if (r.outputLength() > limits.maxOutput()) {
              return violation(
                  "output of " + r.outputLength() + " bytes > limit of " + limits.maxOutput());
            }
            header = r;
            output = new ByteAccumulator(r.outputLength());
            state = State.RECEIVING;
            return output.complete() ? complete() : new Event.OutputPart(0, r.outputLength());
          }
          default -> {
            return violation("unexpected " + ProviderSide.name(m) + " from the provider");
          }
        }
      }
      case RECEIVING -> {
        if (!(m instanceof TaskMessage.Data d)) {
          return violation("expected DATA, got " + ProviderSide.name(m));
        }
        if (!output.add(d.chunk())) {
          return violation("more output than declared");
        }
        return output.complete()
            ? complete()
            : new Event.OutputPart(output.received(), header.outputLength());
      }
      default -> {
        return violation("frame after the answer: " + ProviderSide.name(m));
      }
    }
  }

  /** The provider's side of the stream ended: a violation unless the answer was complete. */
  public Optional<Event> onEnd() {
    if (state == State.DONE) {
      return Optional.empty();
    }
    return Optional.of(violation("stream ended before the answer was complete"));
  }

  /** Whether the answer is complete (or the attempt failed). */
  public boolean done() {
    return state == State.DONE;
  }

  private Event complete() {
    state = State.DONE;
    Optional<SignedReceipt> receipt = header.receipt();
    return new Event.Completed(new TaskResult(output.bytes(), receipt), header.mediaType());
  }

  private Event violation(String why) {
    state = State.DONE;
    return new Event.Violation(why);
  }
}
