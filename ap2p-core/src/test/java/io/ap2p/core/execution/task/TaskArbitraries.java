package io.ap2p.core.execution.task;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of valid {@code /ap2p/task/1.0.0} messages for properties: every kind, every field
 * across its whole range (lengths across varint edges, text with supplementary code points),
 * receipts signed by real keys with and without an attestation.
 */
public final class TaskArbitraries {

  /** Providers and attestors; signing is real, so a handful of keys is enough. */
  static final List<PrivateKey> KEYS =
      List.of(Fixtures.key(31), Fixtures.key(32), Fixtures.key(33));

  private static final String ALNUM =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private TaskArbitraries() {}

  /** Any valid message, each kind about equally often. */
  public static Arbitrary<TaskMessage> messages() {
    return messages(TaskLimits.PROTOCOL.maxChunk());
  }

  /** Any valid message, with DATA chunks of at most {@code maxChunk} bytes. */
  public static Arbitrary<TaskMessage> messages(int maxChunk) {
    return Arbitraries.oneOf(
        invokes().map(m -> m),
        data(maxChunk).map(m -> m),
        cancels().map(m -> m),
        progresses().map(m -> m),
        results().map(m -> m),
        errors().map(m -> m));
  }

  /** INVOKE with every field anywhere in its range. */
  public static Arbitrary<TaskMessage.Invoke> invokes() {
    return Combinators.combine(
            ids(),
            ids(),
            Arbitraries.longs().between(0, CapabilityDescriptor.MAX_SEQ),
            mediaTypes(),
            Arbitraries.longs().between(0, TaskLimits.PROTOCOL.maxInput()),
            Arbitraries.longs().between(1, TaskLimits.PROTOCOL.maxDeadlineMillis()),
            bytes(TaskLimits.MIN_NONCE, TaskLimits.MAX_NONCE),
            Arbitraries.of(true, false))
        .as(TaskMessage.Invoke::new);
  }

  /** DATA of 1 to {@code maxChunk} bytes, often short, sometimes at the edges. */
  public static Arbitrary<TaskMessage.Data> data(int maxChunk) {
    Arbitrary<Integer> length =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 300)),
            net.jqwik.api.Tuple.of(
                2,
                Arbitraries.of(1, 127, 128, 16_383, 16_384, maxChunk - 1, maxChunk)
                    .filter(n -> n >= 1 && n <= maxChunk)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, maxChunk)));
    return Combinators.combine(length, Arbitraries.longs())
        .as(
            (n, seed) -> {
              byte[] b = new byte[n];
              new java.util.SplittableRandom(seed).nextBytes(b);
              return new TaskMessage.Data(Bytes.wrap(b));
            });
  }

  /** CANCEL with any reason that fits. */
  public static Arbitrary<TaskMessage.Cancel> cancels() {
    return text(TaskLimits.MAX_REASON).map(TaskMessage.Cancel::new);
  }

  /** PROGRESS with any fraction (rounded to millionths) and message. */
  public static Arbitrary<TaskMessage.Progress> progresses() {
    Arbitrary<Double> fraction =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 1_000_000).map(n -> n / 1_000_000.0),
            Arbitraries.of(0.0, -0.0, 1.0, 0.4999995, 0.9999995, Double.MIN_VALUE));
    return Combinators.combine(fraction, text(TaskLimits.MAX_PROGRESS_TEXT))
        .as(TaskMessage.Progress::new);
  }

  /** RESULT with any media type and length, with or without a receipt. */
  public static Arbitrary<TaskMessage.Result> results() {
    return Combinators.combine(
            mediaTypes(),
            Arbitraries.longs().between(0, TaskLimits.PROTOCOL.maxOutput()),
            receipts().optional(0.7))
        .as(TaskMessage.Result::new);
  }

  /** ERROR with every code and any message that fits. */
  public static Arbitrary<TaskMessage.Error> errors() {
    return Combinators.combine(Arbitraries.of(TaskErrorCode.class), text(TaskLimits.MAX_ERROR_TEXT))
        .as(TaskMessage.Error::new);
  }

  /**
   * Receipts within the decoder's limits, signed by a real provider key and half of them
   * countersigned by a real attestor.
   */
  public static Arbitrary<SignedReceipt> receipts() {
    record Run(
        PrivateKey key,
        String taskId,
        Bytes in,
        Bytes out,
        String tool,
        String version,
        String capability) {}
    Arbitrary<Run> run =
        Combinators.combine(
                Arbitraries.of(KEYS),
                text(128),
                digests(),
                digests(),
                text(128),
                text(128),
                text(128))
            .as(Run::new);
    Arbitrary<Long> time = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(
            run,
            time,
            time,
            bytes(0, 128),
            digests(),
            Arbitraries.integers().between(-1, KEYS.size() - 1),
            traces())
        .as(
            (r, start, end, nonce, previous, attestor, trace) -> {
              SignedReceipt.Body body =
                  new SignedReceipt.Body(
                      r.key().peerId(),
                      r.taskId(),
                      r.in(),
                      r.out(),
                      r.tool(),
                      r.version(),
                      start,
                      end,
                      nonce,
                      previous,
                      r.capability(),
                      trace);
              SignedReceipt signed = SignedReceipt.sign(body, r.key());
              return attestor < 0 ? signed : signed.attestedBy(KEYS.get(attestor));
            });
  }

  /**
   * Traces within {@link Trace}'s limits, half of them empty (the receipts of providers that report
   * none).
   */
  public static Arbitrary<Trace> traces() {
    Arbitrary<String> name = text(Trace.MAX_NAME).filter(n -> !n.isEmpty());
    Arbitrary<String> version = text(Trace.MAX_VERSION);
    Arbitrary<Bytes> digest = bytes(0, Trace.MAX_DIGEST);
    Arbitrary<Trace.Entry> entry =
        Combinators.combine(name, version, digest)
            .as(
                (n, v, d) ->
                    v.isEmpty() && d.length() == 0 ? Trace.tool(n, "1") : new Trace.Entry(n, v, d));
    return Arbitraries.oneOf(
        Arbitraries.just(Trace.EMPTY),
        entry.list().ofMinSize(1).ofMaxSize(Trace.MAX_ENTRIES).map(Trace::new));
  }

  /** Task and capability ids: 1-64 characters of {@code [A-Za-z0-9._:-]}, alphanumeric first. */
  static Arbitrary<String> ids() {
    Arbitrary<Character> first = Arbitraries.of(ALNUM.toCharArray());
    Arbitrary<String> rest =
        Arbitraries.strings().withChars(ALNUM + "._:-").ofMinLength(0).ofMaxLength(63);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  /** 1-128 printable ASCII characters, spaces inside only ({@code text/plain; charset=utf-8}). */
  static Arbitrary<String> mediaTypes() {
    return Arbitraries.oneOf(
        Arbitraries.of("application/json", "image/png", "text/plain; charset=utf-8"),
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .ofMinLength(1)
            .ofMaxLength(128)
            .filter(TaskLimits::isValidMediaType));
  }

  /**
   * Valid Unicode text of at most {@code maxBytes} UTF-8 bytes: ASCII up to the limit, or any code
   * points (supplementary ones included) few enough to fit.
   */
  static Arbitrary<String> text(int maxBytes) {
    Arbitrary<Integer> codePoint =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, Character.MIN_SURROGATE - 1),
            Arbitraries.integers().between(Character.MAX_SURROGATE + 1, Character.MAX_CODE_POINT),
            Arbitraries.of(0x1F600, 0x1D800, 0x2D800, 0xFFFD, 0x10FFFF, 0));
    Arbitrary<String> unicode =
        codePoint
            .list()
            .ofMaxSize(maxBytes / 4)
            .map(
                cps -> {
                  StringBuilder b = new StringBuilder();
                  cps.forEach(b::appendCodePoint);
                  return b.toString();
                });
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(maxBytes);
    return Arbitraries.oneOf(unicode, ascii);
  }

  /** SHA-256-sized digests mostly, any length the decoder takes sometimes. */
  static Arbitrary<Bytes> digests() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, bytes(32, 32)), net.jqwik.api.Tuple.of(1, bytes(0, 128)));
  }

  /** Random bytes, {@code min} to {@code max} long. */
  static Arbitrary<Bytes> bytes(int min, int max) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Bytes::wrap);
  }
}
