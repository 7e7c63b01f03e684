package io.ap2p.core.execution.task;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Limits of {@code /ap2p/task/1.0.0}, enforced by both sides (docs/task-protocol.md, "Limits").
 * {@link #PROTOCOL} holds the protocol's own bounds, which no message may exceed; a node may run
 * with tighter ones.
 *
 * @param maxFrame largest encoded message
 * @param maxChunk largest DATA chunk
 * @param maxInput largest input of any capability (each descriptor's {@code maxInputBytes} applies
 *     below it)
 * @param maxOutput largest output
 * @param maxProgress PROGRESS messages per attempt
 * @param maxDeadlineMillis longest deadline an INVOKE may ask for
 */
public record TaskLimits(
    int maxFrame,
    int maxChunk,
    long maxInput,
    long maxOutput,
    int maxProgress,
    long maxDeadlineMillis) {

  /** Longest task id, capability id and media type, in characters. */
  public static final int MAX_ID = 64;

  /** Longest media type. */
  public static final int MAX_MEDIA_TYPE = 128;

  /** Nonce length bounds, in bytes. */
  public static final int MIN_NONCE = 8;

  /** Longest nonce. */
  public static final int MAX_NONCE = 64;

  /** Largest proof-of-work stamp an INVOKE carries, in bytes (ap2p's stamps have 8). */
  public static final int MAX_STAMP = 16;

  /** Longest progress message, in UTF-8 bytes. */
  public static final int MAX_PROGRESS_TEXT = 256;

  /** Longest cancel reason, in UTF-8 bytes. */
  public static final int MAX_REASON = 256;

  /** Longest error message, in UTF-8 bytes. */
  public static final int MAX_ERROR_TEXT = 1024;

  /**
   * The protocol's bounds: 1 MiB frames, 256 KiB chunks, 64 MiB inputs and outputs, 1,024 progress
   * messages, one-hour deadlines.
   */
  public static final TaskLimits PROTOCOL =
      new TaskLimits(1 << 20, 256 << 10, 64L << 20, 64L << 20, 1024, 3_600_000);

  /** Checks the limits are positive and a chunk fits a frame. */
  public TaskLimits {
    if (maxFrame < 1024 || maxChunk < 1 || maxChunk > maxFrame - 64) {
      throw new IllegalArgumentException("a chunk must fit a frame of at least 1 KiB");
    }
    if (maxInput < 0 || maxOutput < 0 || maxProgress < 0 || maxDeadlineMillis < 1) {
      throw new IllegalArgumentException("task limits must be positive");
    }
  }

  /** These limits with another output bound (a requester expecting smaller answers). */
  public TaskLimits withMaxOutput(long bytes) {
    return new TaskLimits(maxFrame, maxChunk, maxInput, bytes, maxProgress, maxDeadlineMillis);
  }

  void checkInvoke(
      String taskId,
      String capabilityId,
      long seq,
      String mediaType,
      long inputLength,
      long deadlineMillis,
      Bytes nonce) {
    if (!CapabilityDescriptor.isValidId(taskId)) {
      throw new IllegalArgumentException(
          "task id must be 1-64 characters of letters, digits and ._:- : " + taskId);
    }
    if (!CapabilityDescriptor.isValidId(capabilityId)) {
      throw new IllegalArgumentException("invalid capability id: " + capabilityId);
    }
    if (seq < 0 || seq > CapabilityDescriptor.MAX_SEQ) {
      throw new IllegalArgumentException("seq must be between 0 and 2^53-1");
    }
    checkMediaType(mediaType);
    if (inputLength < 0 || inputLength > maxInput) {
      throw new IllegalArgumentException("input length must be 0 to " + maxInput);
    }
    if (deadlineMillis < 1 || deadlineMillis > maxDeadlineMillis) {
      throw new IllegalArgumentException("deadline must be 1 ms to " + maxDeadlineMillis + " ms");
    }
    if (nonce.length() < MIN_NONCE || nonce.length() > MAX_NONCE) {
      throw new IllegalArgumentException("nonce must have 8 to 64 bytes");
    }
  }

  static void checkMediaType(String mediaType) {
    if (!isValidMediaType(mediaType)) {
      throw new IllegalArgumentException(
          "media type must be 1 to 128 printable ASCII characters: " + mediaType);
    }
  }

  /**
   * Whether {@code mediaType} fits the wire: 1 to 128 printable ASCII characters, spaces allowed
   * inside (parameters such as {@code text/plain; charset=utf-8}), none at either end.
   */
  public static boolean isValidMediaType(String mediaType) {
    int n = mediaType.length();
    if (n == 0 || n > MAX_MEDIA_TYPE || mediaType.isBlank()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = mediaType.charAt(i);
      if (c < ' ' || c >= 0x7F) {
        return false;
      }
    }
    return mediaType.charAt(0) != ' ' && mediaType.charAt(n - 1) != ' ';
  }

  static void checkText(String what, String text, int maxBytes) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(text)) {
      throw new IllegalArgumentException(what + " is not valid Unicode text");
    }
    if (utf8.length > maxBytes) {
      throw new IllegalArgumentException(what + " is longer than " + maxBytes + " bytes");
    }
  }
}
