package io.ap2p.core.execution.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.Varint;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Every valid message round-trips and its size is computed exactly; any byte string decodes to a
 * message or fails with a {@link TaskFormatException}, never another exception.
 */
class TaskCodecPropertyTest {

  static final TaskLimits LIMITS = TaskLimits.PROTOCOL;

  @Provide
  Arbitrary<TaskMessage> messages() {
    return TaskArbitraries.messages();
  }

  /** For mutations: a long chunk adds bytes to walk, not structure. */
  @Provide
  Arbitrary<TaskMessage> shortMessages() {
    return TaskArbitraries.messages(1024);
  }

  @Provide
  Arbitrary<TaskMessage.Data> chunks() {
    return TaskArbitraries.data(LIMITS.maxChunk());
  }

  @Property(tries = 500)
  void everyValidMessageDecodesToItself(@ForAll("messages") TaskMessage m) throws Exception {
    Statistics.label("kind").collect(kind(m));
    Bytes enc = TaskCodec.encode(m);
    assertThat(TaskCodec.decode(enc, LIMITS)).isEqualTo(m);
    assertThat(TaskCodec.frameSize(m)).isEqualTo(Varint.size(enc.length()) + enc.length());
    assertThat(TaskCodec.encodeFramed(m))
        .isEqualTo(Bytes.concat(Bytes.wrap(Varint.encode(enc.length())), enc));
    Statistics.label("kind")
        .coverage(
            c -> {
              for (String k : KINDS) {
                c.check(k).percentage(p -> p > 1);
              }
            });
  }

  static final List<String> KINDS =
      List.of(
          "INVOKE",
          "DATA",
          "CANCEL",
          "PROGRESS",
          "RESULT",
          "RESULT+receipt",
          "RESULT+attested",
          "ERROR");

  static String kind(TaskMessage m) {
    String name = ProviderSide.name(m);
    if (m instanceof TaskMessage.Result r && r.receipt().isPresent()) {
      return name + (r.receipt().get().attestation().isPresent() ? "+attested" : "+receipt");
    }
    return name;
  }

  /** DATA's hand-written encoder writes what the general protobuf writer would. */
  @Property(tries = 300)
  void dataIsEncodedLikeAnyOtherMessage(@ForAll("chunks") TaskMessage.Data d) {
    Bytes general =
        new ProtoWriter()
            .varint(1, 1)
            .bytes(3, new ProtoWriter().bytes(1, d.chunk()).toBytes())
            .toBytes();
    assertThat(TaskCodec.encode(d)).isEqualTo(general);
  }

  /**
   * {@code invocationBytes} and {@code resultBytes} are the real frames' sizes: an INVOKE and its
   * input in chunks, and what {@link ProviderSide#result} sends.
   */
  @Property(tries = 100)
  void streamByteCountsAreTheFramesSizes(
      @ForAll @IntRange(min = 0, max = 600_000) int length,
      @ForAll @IntRange(min = 1, max = 256 << 10) int maxChunk) {
    int n = Math.min(length, maxChunk * 300); // at most 300 chunks a try
    Bytes data = Bytes.wrap(new byte[n]);
    TaskMessage.Invoke invoke =
        new TaskMessage.Invoke(
            "t-1", "image-gen", 3, "application/json", n, 1000, Bytes.wrap(new byte[8]), false);
    long sent =
        real(invoke) + TaskCodec.chunks(data, maxChunk).stream().mapToLong(m -> real(m)).sum();
    assertThat(TaskCodec.invocationBytes(invoke, maxChunk)).isEqualTo(sent);

    TaskLimits limits =
        new TaskLimits(
            LIMITS.maxFrame(), maxChunk, LIMITS.maxInput(), LIMITS.maxOutput(), 16, 1000);
    ProviderSide provider = new ProviderSide(limits);
    List<TaskMessage> answer = provider.result(data, "image/png", Optional.of(TaskSamples.RECEIPT));
    TaskMessage.Result result = (TaskMessage.Result) answer.getFirst();
    assertThat(answer).hasSize(1 + (n + maxChunk - 1) / maxChunk);
    assertThat(TaskCodec.resultBytes(result, maxChunk))
        .isEqualTo(answer.stream().mapToLong(m -> real(m)).sum());
  }

  private static long real(TaskMessage m) {
    int n = TaskCodec.encode(m).length();
    return Varint.size(n) + n;
  }

  @Property(tries = 2000)
  void randomBytesDecodeOrFailWithAReason(@ForAll @Size(max = 400) byte[] junk) {
    decodeOrReason(Bytes.wrap(junk));
  }

  /** Random bytes behind a valid envelope header and body tag, so the body parsers see them. */
  @Property(tries = 2000)
  void randomBodiesDecodeOrFailWithAReason(
      @ForAll @IntRange(min = 0, max = 12) int field, @ForAll @Size(max = 300) byte[] body) {
    decodeOrReason(new ProtoWriter().varint(1, 1).bytes(field + 1, body).toBytes());
  }

  @Property(tries = 200)
  void everyTruncationDecodesOrFailsWithAReason(@ForAll("shortMessages") TaskMessage m) {
    byte[] enc = TaskCodec.encode(m).toByteArray();
    for (int cut = 0; cut < enc.length; cut++) {
      decodeOrReason(Bytes.of(enc, 0, cut));
    }
  }

  @Property(tries = 400)
  void bitFlipsDecodeOrFailWithAReason(@ForAll("shortMessages") TaskMessage m, @ForAll long seed) {
    byte[] enc = TaskCodec.encode(m).toByteArray();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 10; i++) {
      byte[] copy = enc.clone();
      for (int flips = r.nextInt(1, 4); flips > 0; flips--) {
        int bit = r.nextInt(copy.length * 8);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      decodeOrReason(Bytes.wrap(copy));
    }
  }

  /**
   * Each length prefix inside the encoding (found by walking its fields) is replaced by a nearby or
   * extreme value, written as a varint of any length.
   */
  @Property(tries = 200)
  void corruptLengthsDecodeOrFailWithAReason(
      @ForAll("shortMessages") TaskMessage m,
      @ForAll @LongRange(min = -3, max = 3) long delta,
      @ForAll boolean extreme) {
    byte[] enc = TaskCodec.encode(m).toByteArray();
    for (int[] at : lengthFields(enc, 0, enc.length)) {
      long old = at[2];
      long value = extreme ? (delta < 0 ? 0 : (1L << (7 * (int) (delta + 2))) - 1) : old + delta;
      if (value < 0) {
        continue;
      }
      byte[] v = Varint.encode(value);
      Bytes copy =
          Bytes.concat(
              Bytes.of(enc, 0, at[0]), Bytes.wrap(v), Bytes.of(enc, at[1], enc.length - at[1]));
      decodeOrReason(copy);
    }
  }

  @Example
  void theLengthWalkFindsTheNestedPrefixes() {
    byte[] enc = TaskCodec.encode(TaskSamples.RESULT).toByteArray();
    // result, media type, receipt, body, seven of the body's fields, signature
    assertThat(lengthFields(enc, 0, enc.length)).hasSizeGreaterThanOrEqualTo(12);
  }

  /** {start, end, value} of every length prefix in {@code enc}, nested messages included. */
  static List<int[]> lengthFields(byte[] enc, int from, int to) {
    List<int[]> out = new java.util.ArrayList<>();
    int at = from;
    try {
      while (at < to) {
        Varint.Read tag = Varint.read(enc, at, to);
        at = tag.next();
        switch ((int) (tag.value() & 7)) {
          case 0 -> at = Varint.read(enc, at, to).next();
          case 1 -> at += 8;
          case 5 -> at += 4;
          case 2 -> {
            Varint.Read len = Varint.read(enc, at, to);
            out.add(new int[] {at, len.next(), (int) len.value()});
            int end = len.next() + (int) len.value();
            out.addAll(lengthFields(enc, len.next(), end)); // whatever parses as a message
            at = end;
          }
          default -> {
            return out;
          }
        }
      }
    } catch (io.ap2p.core.wire.WireFormatException | RuntimeException e) {
      // not a message (a chunk or a string): no more prefixes here
    }
    return out;
  }

  /** Decodes under the protocol's limits and a tight node's; fails on any other exception. */
  static void decodeOrReason(Bytes frame) {
    for (TaskLimits limits : List.of(LIMITS, new TaskLimits(1024, 100, 1000, 1000, 2, 1000))) {
      try {
        TaskMessage m = TaskCodec.decode(frame, limits);
        assertThat(m).isNotNull();
        // what decodes is valid, so it encodes and decodes to itself
        assertThat(TaskCodec.decode(TaskCodec.encode(m), LIMITS)).isEqualTo(m);
      } catch (TaskFormatException expected) {
        assertThat(expected.reason()).isNotNull();
      } catch (Throwable t) {
        fail("decoding " + frame.toHex() + " threw " + t, t);
      }
    }
  }
}
