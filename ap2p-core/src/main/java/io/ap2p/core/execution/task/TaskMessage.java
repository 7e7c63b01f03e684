package io.ap2p.core.execution.task;

import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import java.util.Optional;

/**
 * A message of {@code /ap2p/task/1.0.0}. One stream carries one attempt:
 *
 * <pre>
 *  requester ─► provider   INVOKE, DATA × n (exactly the declared input length), [CANCEL]
 *  provider  ─► requester  PROGRESS × m, then RESULT + DATA × k (the declared output length)
 *                                        or ERROR
 * </pre>
 *
 * Values are checked at construction against {@link TaskLimits#PROTOCOL}, so a message that exists
 * can be encoded and decodes to itself.
 */
public sealed interface TaskMessage {

  /**
   * Asks a provider to run a capability.
   *
   * @param taskId the requester's id for the task (1-64 characters of {@code [A-Za-z0-9._:-]})
   * @param capabilityId the descriptor's capability id
   * @param seq the descriptor {@code seq} the provider was chosen under
   * @param mediaType the input's media type, such as {@code application/json}
   * @param inputLength the input's length in bytes; that many bytes follow in DATA messages
   * @param deadlineMillis time the requester allows from receipt of this message to a result
   * @param nonce fresh per attempt, bound into the receipt (8-64 bytes)
   * @param receiptWanted whether a signed receipt must come with the result
   * @param stamp a proof of work for a provider that asks strangers for one ({@link
   *     io.ap2p.core.incentives.Stamp}); empty when none, at most {@link TaskLimits#MAX_STAMP}
   *     bytes
   */
  record Invoke(
      String taskId,
      String capabilityId,
      long seq,
      String mediaType,
      long inputLength,
      long deadlineMillis,
      Bytes nonce,
      boolean receiptWanted,
      Bytes stamp)
      implements TaskMessage {

    /** Checks every field against the protocol's limits. */
    public Invoke {
      TaskLimits.PROTOCOL.checkInvoke(
          taskId, capabilityId, seq, mediaType, inputLength, deadlineMillis, nonce);
      java.util.Objects.requireNonNull(stamp, "stamp");
      if (stamp.length() > TaskLimits.MAX_STAMP) {
        throw new IllegalArgumentException(
            "a stamp has at most " + TaskLimits.MAX_STAMP + " bytes");
      }
    }

    /** An INVOKE without a stamp. */
    public Invoke(
        String taskId,
        String capabilityId,
        long seq,
        String mediaType,
        long inputLength,
        long deadlineMillis,
        Bytes nonce,
        boolean receiptWanted) {
      this(
          taskId,
          capabilityId,
          seq,
          mediaType,
          inputLength,
          deadlineMillis,
          nonce,
          receiptWanted,
          Bytes.EMPTY);
    }

    /** This INVOKE carrying {@code stamp}. */
    public Invoke withStamp(Bytes stamp) {
      return new Invoke(
          taskId,
          capabilityId,
          seq,
          mediaType,
          inputLength,
          deadlineMillis,
          nonce,
          receiptWanted,
          stamp);
    }
  }

  /** A chunk of the input (requester to provider) or of the output (provider to requester). */
  record Data(Bytes chunk) implements TaskMessage {
    /** Checks the chunk size. */
    public Data {
      if (chunk.length() == 0 || chunk.length() > TaskLimits.PROTOCOL.maxChunk()) {
        throw new IllegalArgumentException(
            "a data chunk has 1 to " + TaskLimits.PROTOCOL.maxChunk() + " bytes");
      }
    }
  }

  /** The requester gives up on the attempt; the provider stops and answers ERROR CANCELLED. */
  record Cancel(String reason) implements TaskMessage {
    /** Checks the reason's length. */
    public Cancel {
      TaskLimits.checkText("cancel reason", reason, TaskLimits.MAX_REASON);
    }
  }

  /**
   * How far the provider is.
   *
   * @param fraction from 0 to 1, carried in millionths
   * @param message short human-readable text
   */
  record Progress(double fraction, String message) implements TaskMessage {
    /** Rounds the fraction to millionths (what the wire carries) and checks the message. */
    public Progress {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("progress fraction must be between 0 and 1");
      }
      fraction = Math.round(fraction * 1_000_000) / 1_000_000.0;
      TaskLimits.checkText("progress message", message, TaskLimits.MAX_PROGRESS_TEXT);
    }
  }

  /**
   * The task succeeded; {@code outputLength} bytes of output follow in DATA messages.
   *
   * @param mediaType the output's media type
   * @param outputLength the output's length in bytes
   * @param receipt the provider's signed receipt, when one was asked for
   */
  record Result(String mediaType, long outputLength, Optional<SignedReceipt> receipt)
      implements TaskMessage {
    /** Checks the media type, the length and that the receipt fits its decoder's limits. */
    public Result {
      TaskLimits.checkMediaType(mediaType);
      receipt.ifPresent(ReceiptCodec::check);
      if (outputLength < 0 || outputLength > TaskLimits.PROTOCOL.maxOutput()) {
        throw new IllegalArgumentException(
            "output length must be 0 to " + TaskLimits.PROTOCOL.maxOutput());
      }
    }
  }

  /** The task failed; {@code code} says why and {@code message} explains. */
  record Error(TaskErrorCode code, String message) implements TaskMessage {
    /** Checks the message's length. */
    public Error {
      TaskLimits.checkText("error message", message, TaskLimits.MAX_ERROR_TEXT);
    }
  }
}
