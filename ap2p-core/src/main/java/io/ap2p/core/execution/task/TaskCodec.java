package io.ap2p.core.execution.task;

import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoReader;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.Varint;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binary encoding of {@link TaskMessage}, version 1: one protobuf envelope per frame, each frame
 * prefixed on the stream by its unsigned-varint length.
 *
 * <pre>
 * Envelope { uint32 version = 1;                       // must be 1
 *            oneof body { Invoke invoke = 2; Data data = 3; Cancel cancel = 4;
 *                         Progress progress = 5; Result result = 6; Error error = 7; } }
 * Invoke   { string task_id = 1; string capability_id = 2; uint64 seq = 3; string media_type = 4;
 *            uint64 input_length = 5; uint64 deadline_ms = 6; bytes nonce = 7;
 *            bool receipt_wanted = 8; bytes stamp = 9; }      // stamp: optional, ≤ 16 bytes
 * Data     { bytes chunk = 1; }                        // 1 B to 256 KiB
 * Cancel   { string reason = 1; }
 * Progress { uint32 millionths = 1; string message = 2; }
 * Result   { string media_type = 1; uint64 output_length = 2; bytes receipt = 3; } // ReceiptCodec
 * Error    { uint32 code = 1; string message = 2; }    // TaskErrorCode.wire()
 * </pre>
 *
 * Any byte string decodes to a message or a {@link TaskFormatException}, never another exception.
 * Documented in docs/task-protocol.md; frozen by golden files under
 * src/test/resources/wire/task/1.0.0/.
 */
public final class TaskCodec {

  /** The protocol id on libp2p streams. */
  public static final String PROTOCOL = "/ap2p/task/1.0.0";

  /** Encoding version carried in every envelope. */
  public static final int VERSION = 1;

  private TaskCodec() {}

  /** Encodes {@code m} (without the stream's length prefix). */
  public static Bytes encode(TaskMessage m) {
    if (m instanceof TaskMessage.Data d) {
      return encodeData(d.chunk());
    }
    ProtoWriter env = new ProtoWriter().varint(1, VERSION);
    switch (m) {
      case TaskMessage.Invoke i -> {
        ProtoWriter w =
            new ProtoWriter()
                .string(1, i.taskId())
                .string(2, i.capabilityId())
                .varint(3, i.seq())
                .string(4, i.mediaType())
                .varint(5, i.inputLength())
                .varint(6, i.deadlineMillis())
                .bytes(7, i.nonce());
        if (i.receiptWanted()) {
          w.varint(8, 1);
        }
        if (i.stamp().length() > 0) {
          w.bytes(9, i.stamp());
        }
        env.bytes(2, w.toBytes());
      }
      case TaskMessage.Cancel c -> env.bytes(4, new ProtoWriter().string(1, c.reason()).toBytes());
      case TaskMessage.Progress p ->
          env.bytes(
              5,
              new ProtoWriter()
                  .varint(1, Math.round(p.fraction() * 1_000_000))
                  .string(2, p.message())
                  .toBytes());
      case TaskMessage.Result r -> {
        ProtoWriter w = new ProtoWriter().string(1, r.mediaType()).varint(2, r.outputLength());
        r.receipt().ifPresent(rc -> w.bytes(3, ReceiptCodec.encode(rc)));
        env.bytes(6, w.toBytes());
      }
      case TaskMessage.Error e ->
          env.bytes(
              7, new ProtoWriter().varint(1, e.code().wire()).string(2, e.message()).toBytes());
      case TaskMessage.Data d -> throw new AssertionError("encoded above");
    }
    return env.toBytes();
  }

  /** The size of {@code m}'s frame on the stream: its encoding plus the length prefix. */
  public static int frameSize(TaskMessage m) {
    int n = m instanceof TaskMessage.Data d ? dataSize(d.chunk().length()) : encode(m).length();
    return Varint.size(n) + n;
  }

  /** {@code data} cut into DATA messages of at most {@code maxChunk} bytes (none when empty). */
  public static List<TaskMessage.Data> chunks(Bytes data, int maxChunk) {
    if (maxChunk < 1) {
      throw new IllegalArgumentException("chunks have at least one byte");
    }
    List<TaskMessage.Data> out = new ArrayList<>();
    int n = data.length();
    for (int at = 0; at < n; at += maxChunk) {
      out.add(new TaskMessage.Data(data.slice(at, Math.min(n, at + maxChunk))));
    }
    return out;
  }

  /**
   * {@code m} as it goes on the stream: its unsigned-varint length, then its encoding, in one array
   * (a DATA frame is built in place, with no further copy of its chunk).
   */
  public static Bytes encodeFramed(TaskMessage m) {
    if (m instanceof TaskMessage.Data d) {
      int size = dataSize(d.chunk().length());
      int prefix = Varint.size(size);
      byte[] out = new byte[prefix + size];
      putVarint(out, 0, size);
      writeData(d.chunk(), out, prefix);
      return Bytes.wrap(out);
    }
    Bytes enc = encode(m);
    return Bytes.concat(Bytes.wrap(Varint.encode(enc.length())), enc);
  }

  /** Bytes on the stream of an INVOKE and its input, in {@code maxChunk} chunks. */
  public static long invocationBytes(TaskMessage.Invoke invoke, int maxChunk) {
    return frameSize(invoke) + dataBytes(invoke.inputLength(), maxChunk);
  }

  /** Bytes on the stream of a RESULT and its output, in {@code maxChunk} chunks. */
  public static long resultBytes(TaskMessage.Result result, int maxChunk) {
    return frameSize(result) + dataBytes(result.outputLength(), maxChunk);
  }

  private static long dataBytes(long length, int maxChunk) {
    long full = length / maxChunk;
    int rest = (int) (length % maxChunk);
    int fullFrame = dataSize(maxChunk);
    long total = full * (Varint.size(fullFrame) + fullFrame);
    if (rest > 0) {
      int f = dataSize(rest);
      total += Varint.size(f) + f;
    }
    return total;
  }

  private static int dataSize(int chunk) {
    int inner = 1 + Varint.size(chunk) + chunk;
    return 2 + 1 + Varint.size(inner) + inner;
  }

  private static Bytes encodeData(Bytes chunk) {
    byte[] out = new byte[dataSize(chunk.length())];
    writeData(chunk, out, 0);
    return Bytes.wrap(out);
  }

  /** Writes the DATA envelope of {@code chunk} into {@code out} from {@code at}. */
  private static void writeData(Bytes chunk, byte[] out, int at) {
    int n = chunk.length();
    int inner = 1 + Varint.size(n) + n;
    out[at++] = 0x08; // field 1, varint
    out[at++] = VERSION;
    out[at++] = 0x1A; // field 3, length-delimited
    at = putVarint(out, at, inner);
    out[at++] = 0x0A; // field 1, length-delimited
    at = putVarint(out, at, n);
    chunk.copyTo(out, at);
  }

  private static int putVarint(byte[] out, int at, long v) {
    byte[] b = Varint.encode(v);
    System.arraycopy(b, 0, out, at, b.length);
    return at + b.length;
  }

  /**
   * Decodes one frame (without its length prefix) under {@code limits}.
   *
   * @throws TaskFormatException when the bytes are not a valid message, with the reason
   */
  public static TaskMessage decode(Bytes frame, TaskLimits limits) throws TaskFormatException {
    if (frame.length() > limits.maxFrame()) {
      throw new TaskFormatException(
          TaskFormatException.Reason.OVERSIZE,
          "task frame of " + frame.length() + " bytes > limit of " + limits.maxFrame());
    }
    try {
      return decodeEnvelope(frame, limits);
    } catch (TaskFormatException e) {
      throw e;
    } catch (WireFormatException e) {
      throw new TaskFormatException(TaskFormatException.Reason.MALFORMED, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new TaskFormatException(TaskFormatException.Reason.INVALID, e.getMessage());
    }
  }

  private static TaskMessage decodeEnvelope(Bytes frame, TaskLimits limits)
      throws WireFormatException {
    ProtoReader r = new ProtoReader(frame);
    long version = -1;
    TaskMessage body = null;
    int max = limits.maxFrame();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> version = r.varint();
        case 2 -> body = decodeInvoke(r.message(max), limits);
        case 3 -> body = decodeData(r.message(max), limits);
        case 4 -> body = new TaskMessage.Cancel(text(r.message(max), TaskLimits.MAX_REASON));
        case 5 -> body = decodeProgress(r.message(max));
        case 6 -> body = decodeResult(r.message(max), limits);
        case 7 -> body = decodeError(r.message(max));
        default -> r.skip();
      }
    }
    if (version != VERSION) {
      throw new TaskFormatException(
          TaskFormatException.Reason.VERSION, "unsupported task message version " + version);
    }
    if (body == null) {
      throw new TaskFormatException(TaskFormatException.Reason.EMPTY, "task frame without a body");
    }
    return body;
  }

  private static TaskMessage decodeInvoke(ProtoReader r, TaskLimits limits)
      throws WireFormatException {
    String taskId = "";
    String capability = "";
    long seq = 0;
    String media = "";
    long length = 0;
    long deadline = 0;
    Bytes nonce = Bytes.EMPTY;
    boolean receipt = false;
    Bytes stamp = Bytes.EMPTY;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> taskId = r.string(TaskLimits.MAX_ID);
        case 2 -> capability = r.string(TaskLimits.MAX_ID);
        case 3 -> seq = r.varint();
        case 4 -> media = r.string(TaskLimits.MAX_MEDIA_TYPE);
        case 5 -> length = r.varint();
        case 6 -> deadline = r.varint();
        case 7 -> nonce = r.bytes(TaskLimits.MAX_NONCE);
        case 8 -> receipt = r.varint() != 0;
        case 9 -> stamp = r.bytes(TaskLimits.MAX_STAMP);
        default -> r.skip();
      }
    }
    if (length > limits.maxInput() || deadline > limits.maxDeadlineMillis()) {
      throw new TaskFormatException(
          TaskFormatException.Reason.INVALID,
          "INVOKE beyond limits: input " + length + " B, deadline " + deadline + " ms");
    }
    return new TaskMessage.Invoke(
        taskId, capability, seq, media, length, deadline, nonce, receipt, stamp);
  }

  private static TaskMessage decodeData(ProtoReader r, TaskLimits limits)
      throws WireFormatException {
    Bytes chunk = null;
    while (r.next()) {
      if (r.field() == 1) {
        chunk = r.bytes(limits.maxChunk());
      } else {
        r.skip();
      }
    }
    if (chunk == null) {
      throw new TaskFormatException(TaskFormatException.Reason.INVALID, "DATA without a chunk");
    }
    return new TaskMessage.Data(chunk);
  }

  private static TaskMessage decodeProgress(ProtoReader r) throws WireFormatException {
    long millionths = 0;
    String message = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> millionths = r.varint();
        case 2 -> message = r.string(TaskLimits.MAX_PROGRESS_TEXT);
        default -> r.skip();
      }
    }
    if (millionths > 1_000_000) {
      throw new TaskFormatException(
          TaskFormatException.Reason.INVALID, "progress beyond 1: " + millionths + " millionths");
    }
    return new TaskMessage.Progress(millionths / 1_000_000.0, message);
  }

  private static TaskMessage decodeResult(ProtoReader r, TaskLimits limits)
      throws WireFormatException {
    String media = "";
    long length = 0;
    Optional<SignedReceipt> receipt = Optional.empty();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> media = r.string(TaskLimits.MAX_MEDIA_TYPE);
        case 2 -> length = r.varint();
        case 3 -> receipt = Optional.of(ReceiptCodec.decode(r.bytes(ReceiptCodec.MAX_RECEIPT)));
        default -> r.skip();
      }
    }
    if (length > limits.maxOutput()) {
      throw new TaskFormatException(
          TaskFormatException.Reason.INVALID,
          "RESULT of " + length + " bytes > limit of " + limits.maxOutput());
    }
    return new TaskMessage.Result(media, length, receipt);
  }

  private static TaskMessage decodeError(ProtoReader r) throws WireFormatException {
    long code = 0;
    String message = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> code = r.varint();
        case 2 -> message = r.string(TaskLimits.MAX_ERROR_TEXT);
        default -> r.skip();
      }
    }
    return new TaskMessage.Error(TaskErrorCode.fromWire(code), message);
  }

  private static String text(ProtoReader r, int max) throws WireFormatException {
    String s = "";
    while (r.next()) {
      if (r.field() == 1) {
        s = r.string(max);
      } else {
        r.skip();
      }
    }
    return s;
  }
}
