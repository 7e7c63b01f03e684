package io.ap2p.core.execution.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.execution.task.TaskFormatException.Reason;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Golden files, the documented example, and each way a frame is refused. */
class TaskCodecTest {

  static final String GOLDEN = "/wire/task/1.0.0/";
  static final TaskLimits LIMITS = TaskLimits.PROTOCOL;

  @Test
  void everyKindMatchesItsGoldenFileBothWays() throws Exception {
    for (Map.Entry<String, TaskMessage> e : TaskSamples.golden().entrySet()) {
      Bytes enc = TaskCodec.encode(e.getValue());
      String name = GOLDEN + e.getKey() + ".hex";
      if (Boolean.getBoolean("ap2p.vectors.write")) {
        Path p = Path.of("src/test/resources" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, enc.toHex() + "\n");
        continue;
      }
      String hex = golden(name);
      assertThat(enc.toHex()).as("encode = " + name).isEqualTo(hex);
      assertThat(TaskCodec.decode(Bytes.fromHex(hex), LIMITS))
          .as("decode " + name)
          .isEqualTo(e.getValue());
      assertThat(TaskCodec.frameSize(e.getValue()))
          .isEqualTo(Varint.size(hex.length() / 2) + hex.length() / 2);
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in = TaskCodecTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name + " exists (write with -Dap2p.vectors.write=true)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  /**
   * The worked example of docs/task-protocol.md is the golden files, framed: each {@code hex} block
   * there is one frame (varint length, then the envelope), comments after {@code //}.
   */
  @Test
  void theDocumentedExampleIsTheGoldenFilesFramed() throws Exception {
    String doc = Files.readString(Path.of("../docs/task-protocol.md"));
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```hex\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      StringBuilder hex = new StringBuilder();
      for (String line : m.group(1).split("\n")) {
        int comment = line.indexOf("//");
        hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
      }
      blocks.add(hex.toString());
    }
    List<String> expected = new ArrayList<>();
    for (String name : TaskSamples.example().keySet()) {
      String frame = golden(GOLDEN + name + ".hex");
      expected.add(Bytes.wrap(Varint.encode(frame.length() / 2)).toHex() + frame);
    }
    assertThat(blocks).isEqualTo(expected);
    // the byte counts the text quotes
    assertThat(TaskCodec.invocationBytes(TaskSamples.INVOKE, LIMITS.maxChunk())).isEqualTo(107);
    assertThat(
            TaskCodec.frameSize(TaskSamples.PROGRESS)
                + TaskCodec.resultBytes(TaskSamples.RESULT, LIMITS.maxChunk()))
        .isEqualTo(335);
    assertThat(doc).contains("107 bytes", "335 bytes", TaskSamples.PROVIDER.peerId().toString());
  }

  @Test
  void aFrameOverTheLimitIsOversize() {
    assertThat(reason(Bytes.wrap(new byte[LIMITS.maxFrame() + 1]), LIMITS))
        .isEqualTo(Reason.OVERSIZE);
    // a node's tighter limit applies before anything is read
    TaskLimits tight = new TaskLimits(1024, 512, 1 << 20, 1 << 20, 8, 60_000);
    Bytes error = TaskCodec.encode(new TaskMessage.Error(TaskErrorCode.FAILED, "x".repeat(1024)));
    assertThat(reason(error, tight)).isEqualTo(Reason.OVERSIZE);
    assertThat(reason(Bytes.wrap(new byte[1024]), tight)).isNotEqualTo(Reason.OVERSIZE);
  }

  @Test
  void aVersionOtherThanOneIsRefused() {
    String cancel = TaskCodec.encode(new TaskMessage.Cancel("stop")).toHex();
    assertThat(cancel).startsWith("0801");
    assertThat(reason(Bytes.fromHex("0802" + cancel.substring(4)), LIMITS))
        .isEqualTo(Reason.VERSION);
    assertThat(reason(Bytes.fromHex("0800" + cancel.substring(4)), LIMITS))
        .isEqualTo(Reason.VERSION);
    // no version at all, and the empty frame, which has none either
    assertThat(reason(Bytes.fromHex(cancel.substring(4)), LIMITS)).isEqualTo(Reason.VERSION);
    assertThat(reason(Bytes.EMPTY, LIMITS)).isEqualTo(Reason.VERSION);
  }

  @Test
  void anEnvelopeWithoutABodyIsEmpty() {
    assertThat(reason(Bytes.fromHex("0801"), LIMITS)).isEqualTo(Reason.EMPTY);
    // an unknown body (field 9) is skipped, which leaves none
    assertThat(reason(Bytes.fromHex("08014a020801"), LIMITS)).isEqualTo(Reason.EMPTY);
  }

  @Test
  void invokeFieldsOutOfRangeAreInvalid() {
    assertThat(reason(invoke(LIMITS.maxInput() + 1, 30_000, 16, "task-1"), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(LIMITS.maxInput(), 30_000, 16, "task-1"), LIMITS)).isNull();
    // a node's own, tighter input bound
    TaskLimits node = new TaskLimits(1 << 20, 256 << 10, 1000, 64L << 20, 1024, 3_600_000);
    assertThat(reason(invoke(1001, 30_000, 16, "task-1"), node)).isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(1000, 30_000, 16, "task-1"), node)).isNull();
    assertThat(reason(invoke(10, 0, 16, "task-1"), LIMITS)).isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(10, LIMITS.maxDeadlineMillis() + 1, 16, "task-1"), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(10, LIMITS.maxDeadlineMillis(), 16, "task-1"), LIMITS)).isNull();
    assertThat(reason(invoke(10, 1, 4, "task-1"), LIMITS)).isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(10, 1, 7, "task-1"), LIMITS)).isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(10, 1, 8, "task-1"), LIMITS)).isNull();
    assertThat(reason(invoke(10, 1, 64, "task-1"), LIMITS)).isNull();
    assertThat(reason(invoke(10, 1, 16, ""), LIMITS)).isEqualTo(Reason.INVALID);
    assertThat(reason(invoke(10, 1, 16, "-task"), LIMITS)).isEqualTo(Reason.INVALID);
    // fields longer than the reader takes are refused while reading: MALFORMED
    assertThat(reason(invoke(10, 1, 65, "task-1"), LIMITS)).isEqualTo(Reason.MALFORMED);
    assertThat(reason(invoke(10, 1, 16, "t".repeat(65)), LIMITS)).isEqualTo(Reason.MALFORMED);
    // seq beyond 2^53 - 1
    Bytes seq = envelope(2, invokeFields(10, 1, 16, "task-1").varint(3, 1L << 53));
    assertThat(reason(seq, LIMITS)).isEqualTo(Reason.INVALID);
    // media types: parameters are fine, spaces at either end, control characters, non-ASCII not
    for (String ok : new String[] {"text/plain; charset=utf-8", "a", "~".repeat(128)}) {
      assertThat(reason(envelope(2, invokeFields(10, 1, 16, "task-1").string(4, ok)), LIMITS))
          .as(ok)
          .isNull();
    }
    for (String bad : new String[] {"", " a/b", "a/b ", "a/\tb", "té/x", "x".repeat(129)}) {
      assertThat(reason(envelope(2, invokeFields(10, 1, 16, "task-1").string(4, bad)), LIMITS))
          .as(bad)
          .isIn(Reason.INVALID, Reason.MALFORMED);
    }
    assertThat(reason(envelope(2, invokeFields(10, 1, 16, "task-1").string(4, " a")), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(
            reason(
                envelope(2, invokeFields(10, 1, 16, "task-1").string(4, "x".repeat(129))), LIMITS))
        .isEqualTo(Reason.MALFORMED);
  }

  /**
   * A chunk over the limit is MALFORMED: the reader refuses a length-delimited field longer than it
   * takes before reading it, like any over-long field. An empty or absent chunk is INVALID.
   */
  @Test
  void dataOverTheChunkLimitIsMalformed() throws Exception {
    int max = LIMITS.maxChunk();
    Bytes over = envelope(3, new ProtoWriter().bytes(1, new byte[max + 1]));
    assertThat(over.length()).isLessThan(LIMITS.maxFrame());
    assertThat(reason(over, LIMITS)).isEqualTo(Reason.MALFORMED);
    Bytes atLimit = envelope(3, new ProtoWriter().bytes(1, new byte[max]));
    assertThat(TaskCodec.decode(atLimit, LIMITS))
        .isEqualTo(new TaskMessage.Data(Bytes.wrap(new byte[max])));
    TaskLimits small = new TaskLimits(1 << 20, 100, 1 << 20, 1 << 20, 8, 60_000);
    assertThat(reason(envelope(3, new ProtoWriter().bytes(1, new byte[101])), small))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reason(envelope(3, new ProtoWriter().bytes(1, new byte[0])), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(reason(envelope(3, new ProtoWriter()), LIMITS)).isEqualTo(Reason.INVALID);
  }

  @Test
  void progressBeyondOneIsInvalid() throws Exception {
    assertThat(reason(envelope(5, new ProtoWriter().varint(1, 1_000_001)), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(reason(envelope(5, new ProtoWriter().varint(1, Long.MAX_VALUE)), LIMITS))
        .isEqualTo(Reason.INVALID);
    assertThat(TaskCodec.decode(envelope(5, new ProtoWriter().varint(1, 1_000_000)), LIMITS))
        .isEqualTo(new TaskMessage.Progress(1, ""));
    assertThat(TaskCodec.decode(envelope(5, new ProtoWriter().varint(1, 1)), LIMITS))
        .isEqualTo(new TaskMessage.Progress(0.000001, ""));
  }

  @Test
  void resultLongerThanTheOutputLimitIsInvalid() {
    Bytes big = envelope(6, new ProtoWriter().string(1, "image/png").varint(2, 1_000_001));
    assertThat(reason(big, LIMITS)).isNull();
    assertThat(reason(big, LIMITS.withMaxOutput(1_000_000))).isEqualTo(Reason.INVALID);
    Bytes huge =
        envelope(6, new ProtoWriter().string(1, "image/png").varint(2, LIMITS.maxOutput() + 1));
    assertThat(reason(huge, LIMITS)).isEqualTo(Reason.INVALID);
    Bytes noMedia = envelope(6, new ProtoWriter().varint(2, 5));
    assertThat(reason(noMedia, LIMITS)).isEqualTo(Reason.INVALID);
    Bytes badReceipt =
        envelope(
            6,
            new ProtoWriter().string(1, "image/png").varint(2, 5).bytes(3, Bytes.fromHex("0a00")));
    assertThat(reason(badReceipt, LIMITS)).isEqualTo(Reason.MALFORMED);
  }

  /**
   * A RESULT exists only if it decodes to itself, receipt included: a receipt whose version has 128
   * characters (what a descriptor allows) but more than 128 UTF-8 bytes is refused when the RESULT
   * is made, not by every requester as MALFORMED.
   */
  @Test
  void aResultCannotCarryAReceiptItsDecoderWouldRefuse() {
    SignedReceipt.Body b = TaskSamples.RECEIPT.body();
    SignedReceipt longVersion =
        SignedReceipt.sign(
            new SignedReceipt.Body(
                b.provider(),
                b.taskId(),
                b.inputDigest(),
                b.outputDigest(),
                b.tool(),
                "模".repeat(128),
                b.startedAtMillis(),
                b.finishedAtMillis(),
                b.nonce(),
                b.previous()),
            TaskSamples.PROVIDER);
    assertThatThrownBy(() -> new TaskMessage.Result("image/png", 1, Optional.of(longVersion)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    // what such a RESULT would have looked like on the wire
    Bytes wire =
        envelope(
            6,
            new ProtoWriter()
                .string(1, "image/png")
                .varint(2, 1)
                .bytes(3, ReceiptCodec.encode(longVersion)));
    assertThat(reason(wire, LIMITS)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void anUnknownErrorCodeDecodesAsFailed() throws Exception {
    for (long code : new long[] {0, 12, 99, Long.MAX_VALUE}) {
      Bytes e = envelope(7, new ProtoWriter().varint(1, code).string(2, "new kind of failure"));
      assertThat(TaskCodec.decode(e, LIMITS))
          .isEqualTo(new TaskMessage.Error(TaskErrorCode.FAILED, "new kind of failure"));
    }
    for (TaskErrorCode c : TaskErrorCode.values()) {
      assertThat(TaskErrorCode.fromWire(c.wire())).isEqualTo(c);
    }
    assertThat(TaskErrorCode.values()).extracting(TaskErrorCode::wire).doesNotHaveDuplicates();
  }

  /** Fields of every wire type with numbers this version does not know, in every message. */
  @Test
  void unknownFieldsAreSkipped() throws Exception {
    byte[] unknown =
        Bytes.fromHex("b00101" + "b9010102030405060708" + "c20102abcd" + "cd0101020304")
            .toByteArray(); // fields 22 varint, 23 fixed64, 24 bytes, 25 fixed32
    for (Map.Entry<String, TaskMessage> e : TaskSamples.golden().entrySet()) {
      byte[] enc = TaskCodec.encode(e.getValue()).toByteArray();
      // the body is the envelope's last field: its length prefix follows 08 01 and a tag
      Varint.Read len = Varint.read(enc, 3, enc.length);
      byte[] body = java.util.Arrays.copyOfRange(enc, len.next(), enc.length);
      int field = (enc[2] & 0xFF) >>> 3;
      byte[] padded = concat(unknown, body, unknown);
      Bytes env =
          Bytes.wrap(
              concat(
                  unknown,
                  new ProtoWriter().varint(1, 1).bytes(field, padded).toBytes().toByteArray(),
                  unknown));
      assertThat(TaskCodec.decode(env, LIMITS)).as(e.getKey()).isEqualTo(e.getValue());
    }
    // groups (wire types 3 and 4) are not skipped but refused
    assertThat(reason(Bytes.fromHex("0801b301"), LIMITS)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void aRepeatedBodyFieldKeepsTheLast() throws Exception {
    Bytes a = TaskCodec.encode(new TaskMessage.Cancel("first"));
    Bytes b = TaskCodec.encode(new TaskMessage.Cancel("second"));
    Bytes both = Bytes.concat(a, b.slice(2, b.length()));
    assertThat(TaskCodec.decode(both, LIMITS)).isEqualTo(new TaskMessage.Cancel("second"));
  }

  @Test
  void textThatIsNotUtf8IsRefused() throws Exception {
    // 0xff is not UTF-8: refused, not read as U+FFFD (three bytes once encoded again)
    assertThat(reason(envelope(4, new ProtoWriter().bytes(1, Bytes.fromHex("ff"))), LIMITS))
        .isEqualTo(Reason.MALFORMED);
    assertThat(reason(envelope(4, new ProtoWriter().bytes(1, Bytes.fromHex("61c3"))), LIMITS))
        .as("a sequence cut short")
        .isEqualTo(Reason.MALFORMED);
    assertThat(TaskCodec.decode(envelope(4, new ProtoWriter().string(1, "\u00e9")), LIMITS))
        .isEqualTo(new TaskMessage.Cancel("\u00e9"));
  }

  @Test
  void textAtItsByteLimitFitsAndOneByteMoreDoesNot() throws Exception {
    String emoji = "\uD83D\uDE00"; // 4 UTF-8 bytes
    String progress = "a".repeat(TaskLimits.MAX_PROGRESS_TEXT - 4) + emoji;
    TaskMessage p = new TaskMessage.Progress(0.25, progress);
    assertThat(TaskCodec.decode(TaskCodec.encode(p), LIMITS)).isEqualTo(p);
    assertThatThrownBy(() -> new TaskMessage.Progress(0.25, "a" + progress))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(reason(envelope(5, new ProtoWriter().string(2, "a" + progress)), LIMITS))
        .isEqualTo(Reason.MALFORMED);
    TaskMessage e =
        new TaskMessage.Error(TaskErrorCode.FAILED, "x".repeat(TaskLimits.MAX_ERROR_TEXT));
    assertThat(TaskCodec.decode(TaskCodec.encode(e), LIMITS)).isEqualTo(e);
    TaskMessage c = new TaskMessage.Cancel("x".repeat(TaskLimits.MAX_REASON));
    assertThat(TaskCodec.decode(TaskCodec.encode(c), LIMITS)).isEqualTo(c);
    assertThatThrownBy(() -> new TaskMessage.Cancel("\uD800"))
        .hasMessageContaining("not valid Unicode");
  }

  @Test
  void constructorsRefuseWhatTheDecoderRefuses() {
    assertThatThrownBy(() -> new TaskMessage.Data(Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskMessage.Data(Bytes.wrap(new byte[LIMITS.maxChunk() + 1])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskMessage.Progress(Double.NaN, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskMessage.Progress(1.0000001, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskMessage.Result("image/png", -1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TaskMessage.Result("", 1, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new TaskMessage.Invoke("t", "c", 0, "a/b", 0, 1, Bytes.wrap(new byte[65]), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TaskMessage.Progress(0.1234564, "").fraction()).isEqualTo(0.123456);
    assertThat(new TaskMessage.Progress(-0.0, "")).isEqualTo(new TaskMessage.Progress(0, ""));
  }

  // --- helpers ---

  /** The reason {@code frame} is refused for, or null when it decodes. */
  static Reason reason(Bytes frame, TaskLimits limits) {
    try {
      TaskCodec.decode(frame, limits);
      return null;
    } catch (TaskFormatException e) {
      return e.reason();
    }
  }

  static ProtoWriter invokeFields(long inputLength, long deadline, int nonceLength, String id) {
    return new ProtoWriter()
        .string(1, id)
        .string(2, "image-gen")
        .varint(3, 7)
        .string(4, "application/json")
        .varint(5, inputLength)
        .varint(6, deadline)
        .bytes(7, new byte[nonceLength]);
  }

  static Bytes invoke(long inputLength, long deadline, int nonceLength, String id) {
    return envelope(2, invokeFields(inputLength, deadline, nonceLength, id));
  }

  static Bytes envelope(int field, ProtoWriter body) {
    return new ProtoWriter().varint(1, 1).bytes(field, body.toBytes()).toBytes();
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aStampTravelsInFieldNineAndOldInvokesDecodeWithout() throws Exception {
    TaskMessage.Invoke plain =
        new TaskMessage.Invoke(
            "t-1", "image-gen", 7, "application/json", 27, 30_000, Bytes.wrap(new byte[16]), true);
    TaskMessage.Invoke stamped = plain.withStamp(Bytes.wrap(new byte[] {0, 0, 0, 0, 0, 0, 1, 2}));
    assertThat(TaskCodec.decode(TaskCodec.encode(stamped), LIMITS)).isEqualTo(stamped);
    assertThat(TaskCodec.decode(TaskCodec.encode(plain), LIMITS)).isEqualTo(plain);
    assertThat(plain.stamp()).isEqualTo(Bytes.EMPTY);
    // the stamped encoding is the plain one plus field 9 inside the INVOKE
    assertThat(TaskCodec.encode(stamped).length()).isEqualTo(TaskCodec.encode(plain).length() + 10);
  }

  @Test
  void anOversizedStampIsRefused() {
    Bytes inner =
        new ProtoWriter()
            .string(1, "t-1")
            .string(2, "image-gen")
            .varint(3, 1)
            .string(4, "application/json")
            .varint(5, 0)
            .varint(6, 1000)
            .bytes(7, Bytes.wrap(new byte[8]))
            .bytes(9, Bytes.wrap(new byte[TaskLimits.MAX_STAMP + 1]))
            .toBytes();
    Bytes frame = new ProtoWriter().varint(1, 1).bytes(2, inner).toBytes();
    assertThatThrownBy(() -> TaskCodec.decode(frame, LIMITS))
        .isInstanceOfSatisfying(
            TaskFormatException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThatThrownBy(
            () ->
                new TaskMessage.Invoke(
                    "t",
                    "c",
                    1,
                    "a/b",
                    0,
                    1,
                    Bytes.wrap(new byte[8]),
                    false,
                    Bytes.wrap(new byte[17])))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
