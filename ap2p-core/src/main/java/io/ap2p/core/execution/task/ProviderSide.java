package io.ap2p.core.execution.task;

import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider's end of one task stream, sans-I/O: judges the requester's frames in order and
 * shapes the provider's answer within the limits.
 *
 * <pre>
 *  AWAIT_INVOKE ──INVOKE──► RECEIVING ──DATA × n (= input length)──► RUNNING ──answer──► DONE
 *        │                     │                                      │
 *        └── anything else, too much DATA, a second INVOKE ──► Violation (stream reset)
 *  CANCEL in RECEIVING or RUNNING ──► Cancelled
 * </pre>
 *
 * The runtime decides after {@link Event.Invoked} whether to take the task (BUSY, unknown
 * capability, input too large) before reading any input.
 */
public final class ProviderSide {

  /** What a requester frame means to the provider. */
  public sealed interface Event {
    /** The task was asked for; decide whether to take it before reading input. */
    record Invoked(TaskMessage.Invoke invoke) implements Event {}

    /** A chunk of input arrived; more is due. */
    record InputPart(long received) implements Event {}

    /** All the input arrived. */
    record InputComplete(Bytes input) implements Event {}

    /** The requester cancelled. */
    record Cancelled(String reason) implements Event {}

    /** The requester broke the protocol; reset the stream. */
    record Violation(String why) implements Event {}
  }

  private enum State {
    AWAIT_INVOKE,
    RECEIVING,
    RUNNING,
    DONE
  }

  private final TaskLimits limits;
  private State state = State.AWAIT_INVOKE;
  private ByteAccumulator input;
  private int progressSent;

  /** A stream end under {@code limits}. */
  public ProviderSide(TaskLimits limits) {
    this.limits = limits;
  }

  /** Judges the next frame from the requester. */
  public Event onFrame(TaskMessage m) {
    switch (state) {
      case AWAIT_INVOKE -> {
        if (!(m instanceof TaskMessage.Invoke i)) {
          return violation("expected INVOKE first, got " + name(m));
        }
        if (i.inputLength() > limits.maxInput()) {
          return violation("input of " + i.inputLength() + " bytes > " + limits.maxInput());
        }
        input = new ByteAccumulator(i.inputLength());
        state = State.RECEIVING;
        return new Event.Invoked(i);
      }
      case RECEIVING -> {
        if (m instanceof TaskMessage.Data d) {
          if (!input.add(d.chunk())) {
            return violation("more input than declared");
          }
          if (input.complete()) {
            state = State.RUNNING;
            return new Event.InputComplete(input.bytes());
          }
          return new Event.InputPart(input.received());
        }
        return cancelOrViolation(m);
      }
      case RUNNING -> {
        return cancelOrViolation(m);
      }
      default -> {
        return violation("frame after the task ended: " + name(m));
      }
    }
  }

  /**
   * The INVOKE was taken and declares no input: the task can run at once (an empty input sends no
   * DATA).
   */
  public Optional<Bytes> inputIfEmpty() {
    if (state == State.RECEIVING && input.complete()) {
      state = State.RUNNING;
      return Optional.of(Bytes.EMPTY);
    }
    return Optional.empty();
  }

  /** A progress report to send, or empty once the per-attempt count is spent. */
  public Optional<TaskMessage.Progress> progress(double fraction, String message) {
    if (state == State.DONE || progressSent >= limits.maxProgress()) {
      return Optional.empty();
    }
    progressSent++;
    double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
    return Optional.of(
        new TaskMessage.Progress(f, truncate(message, TaskLimits.MAX_PROGRESS_TEXT)));
  }

  /**
   * The frames of a successful answer: RESULT, then the output in chunks.
   *
   * @throws IllegalArgumentException if the output is over the output limit (answer {@link #error}
   *     OUTPUT_TOO_LARGE instead)
   */
  public List<TaskMessage> result(Bytes output, String mediaType, Optional<SignedReceipt> receipt) {
    if (output.length() > limits.maxOutput()) {
      throw new IllegalArgumentException("output over the limit");
    }
    state = State.DONE;
    List<TaskMessage> out = new ArrayList<>();
    out.add(new TaskMessage.Result(mediaType, output.length(), receipt));
    out.addAll(TaskCodec.chunks(output, limits.maxChunk()));
    return out;
  }

  /** The ERROR frame ending the attempt; the message is cut to its limit. */
  public TaskMessage.Error error(TaskErrorCode code, String message) {
    state = State.DONE;
    return new TaskMessage.Error(code, truncate(message, TaskLimits.MAX_ERROR_TEXT));
  }

  /** Whether the answer was given. */
  public boolean done() {
    return state == State.DONE;
  }

  private Event cancelOrViolation(TaskMessage m) {
    if (m instanceof TaskMessage.Cancel c) {
      return new Event.Cancelled(c.reason());
    }
    return violation("unexpected " + name(m) + " from the requester");
  }

  private Event violation(String why) {
    state = State.DONE;
    return new Event.Violation(why);
  }

  static String name(TaskMessage m) {
    return m.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }

  /** {@code s} cut to at most {@code maxBytes} UTF-8 bytes, on a code point boundary. */
  static String truncate(String s, int maxBytes) {
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        cp = 0xFFFD; // an unpaired surrogate cannot be encoded
      }
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      b.appendCodePoint(cp);
    }
    return b.toString();
  }
}
