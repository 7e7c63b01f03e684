package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Traces inside receipts: encoded only when present, signed, bounded, refused when hostile. */
class TraceCodecTest {

  static final Trace TRACE =
      Trace.of(
          Trace.tool("renderer", "ImagePainter/1"),
          Trace.artefact("pixels", Bytes.fromHex("00ff00ff")),
          new Trace.Entry("png", "javax.imageio", Digests.sha256(ReceiptCodecTest.OUTPUT)));

  static SignedReceipt.Body traced(Trace trace) {
    SignedReceipt.Body b = ReceiptCodecTest.body("imagegen");
    return new SignedReceipt.Body(
        b.provider(),
        b.taskId(),
        b.inputDigest(),
        b.outputDigest(),
        b.tool(),
        b.version(),
        b.startedAtMillis(),
        b.finishedAtMillis(),
        b.nonce(),
        b.previous(),
        "image.generate",
        trace);
  }

  /** Receipts without a trace (every receipt before traces, the simulator's) keep their bytes. */
  @Test
  void anEmptyTraceEncodesAsNothing() {
    SignedReceipt.Body b = ReceiptCodecTest.body("imagegen");
    Bytes tenFields =
        new ProtoWriter()
            .bytes(1, b.provider().multihash())
            .string(2, b.taskId())
            .bytes(3, b.inputDigest())
            .bytes(4, b.outputDigest())
            .string(5, b.tool())
            .string(6, b.version())
            .varint(7, b.startedAtMillis())
            .varint(8, b.finishedAtMillis())
            .bytes(9, b.nonce())
            .bytes(10, b.previous())
            .toBytes();
    assertThat(b.encode()).isEqualTo(tenFields);
    assertThat(traced(Trace.EMPTY).encode())
        .isEqualTo(
            Bytes.concat(tenFields, new ProtoWriter().string(11, "image.generate").toBytes()));
    assertThat(traced(TRACE).encode().length())
        .isGreaterThan(traced(Trace.EMPTY).encode().length());
  }

  @Test
  void aTracedReceiptRoundTripsAndVerifies() throws Exception {
    SignedReceipt r =
        SignedReceipt.sign(traced(TRACE), ReceiptCodecTest.PROVIDER)
            .attestedBy(ReceiptCodecTest.ATTESTOR);
    ReceiptCodec.check(r);
    SignedReceipt back = ReceiptCodec.decode(ReceiptCodec.encode(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.body().trace().entries()).hasSize(3);
    assertThat(verify(back)).isInstanceOf(Verdict.Accepted.class);
  }

  /** The trace is signed: one changed after signing breaks both signatures. */
  @Test
  void aForgedTraceFailsBothSignatures() {
    SignedReceipt r =
        SignedReceipt.sign(traced(TRACE), ReceiptCodecTest.PROVIDER)
            .attestedBy(ReceiptCodecTest.ATTESTOR);
    Trace other = Trace.of(Trace.tool("renderer", "ImagePainter/2"));
    SignedReceipt forged = new SignedReceipt(traced(other), r.signature(), r.attestation());
    assertThat(((Verdict.Rejected<?>) verify(forged)).reason())
        .isEqualTo(ReceiptReason.BAD_SIGNATURE);
    // a provider re-signing a new trace cannot carry the old attestation over
    SignedReceipt resigned =
        new SignedReceipt(
            traced(other),
            SignedReceipt.sign(traced(other), ReceiptCodecTest.PROVIDER).signature(),
            r.attestation());
    assertThat(((Verdict.Rejected<?>) verify(resigned)).reason())
        .isEqualTo(ReceiptReason.BAD_ATTESTATION);
    // dropping the trace changes the body too
    SignedReceipt stripped = new SignedReceipt(traced(Trace.EMPTY), r.signature(), r.attestation());
    assertThat(((Verdict.Rejected<?>) verify(stripped)).reason())
        .isEqualTo(ReceiptReason.BAD_SIGNATURE);
  }

  @Test
  void theLargestReceiptFitsTheLimit() throws Exception {
    List<Trace.Entry> full = new ArrayList<>();
    for (int i = 0; i < Trace.MAX_ENTRIES; i++) {
      full.add(
          new Trace.Entry(
              ("n" + i).repeat(16).substring(0, Trace.MAX_NAME),
              "v".repeat(Trace.MAX_VERSION),
              Bytes.wrap(new byte[Trace.MAX_DIGEST])));
    }
    SignedReceipt.Body b = traced(new Trace(full));
    String t128 = "t".repeat(128);
    Bytes b128 = Bytes.wrap(new byte[128]);
    SignedReceipt.Body max =
        new SignedReceipt.Body(
            b.provider(),
            t128,
            b128,
            b128,
            t128,
            t128,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            b128,
            b128,
            t128,
            b.trace());
    SignedReceipt r =
        new SignedReceipt(
                max,
                SignedReceipt.sign(max, ReceiptCodecTest.PROVIDER).signature(),
                Optional.empty())
            .attestedBy(ReceiptCodecTest.ATTESTOR);
    Bytes enc = ReceiptCodec.encode(r);
    assertThat(enc.length()).isLessThanOrEqualTo(ReceiptCodec.MAX_RECEIPT);
    assertThat(ReceiptCodec.decode(enc)).isEqualTo(r);
  }

  @Test
  void entriesOutsideTheLimitsCannotBeMade() {
    assertThatThrownBy(() -> Trace.tool("", "1")).hasMessageContaining("without a name");
    assertThatThrownBy(() -> Trace.tool("x".repeat(33), "1")).hasMessageContaining("name");
    assertThatThrownBy(() -> Trace.tool("model", "v".repeat(65))).hasMessageContaining("version");
    assertThatThrownBy(() -> new Trace.Entry("m", "", Bytes.wrap(new byte[65])))
        .hasMessageContaining("digest");
    assertThatThrownBy(() -> new Trace.Entry("m", "", Bytes.EMPTY))
        .hasMessageContaining("no version or digest");
    assertThatThrownBy(() -> Trace.tool("m\uD800", "1")).hasMessageContaining("Unicode");
    List<Trace.Entry> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(Trace.tool("m" + i, "1"));
    }
    assertThatThrownBy(() -> new Trace(nine)).hasMessageContaining("9 entries > 8");
  }

  /** Hostile traces on the wire: each a typed failure, never an exception of another kind. */
  @Test
  void hostileTracesAreRefusedOnTheWire() {
    Bytes body = ReceiptCodecTest.SIGNED.body().encode();
    Bytes entry = new ProtoWriter().string(1, "model").string(2, "1").toBytes();
    ProtoWriter tooMany = new ProtoWriter();
    for (int i = 0; i < Trace.MAX_ENTRIES + 1; i++) {
      tooMany.bytes(12, entry);
    }
    assertRefused(Bytes.concat(body, tooMany.toBytes()), "more than 8 entries");
    assertRefused(
        Bytes.concat(body, new ProtoWriter().bytes(12, new ProtoWriter().toBytes()).toBytes()),
        "without a name");
    assertRefused(
        Bytes.concat(
            body,
            new ProtoWriter().bytes(12, new ProtoWriter().string(1, "m").toBytes()).toBytes()),
        "no version or digest");
    assertRefused(
        Bytes.concat(
            body,
            new ProtoWriter()
                .bytes(12, new ProtoWriter().string(1, "x".repeat(33)).string(2, "1").toBytes())
                .toBytes()),
        "");
    assertRefused(
        Bytes.concat(
            body,
            new ProtoWriter()
                .bytes(
                    12,
                    new ProtoWriter().string(1, "m").bytes(3, Bytes.wrap(new byte[65])).toBytes())
                .toBytes()),
        "");
    // an entry cut short
    Bytes whole = new ProtoWriter().bytes(12, entry).toBytes();
    assertRefused(Bytes.concat(body, Bytes.of(whole.toByteArray(), 0, whole.length() - 1)), "");
    // a trace entry that is not a message
    assertRefused(Bytes.concat(body, new ProtoWriter().varint(12, 7).toBytes()), "");
  }

  /** Unknown fields inside an entry are skipped, so the re-encoded body no longer verifies. */
  @Test
  void anEntryWithExtraFieldsDecodesButDoesNotVerify() throws Exception {
    SignedReceipt r = SignedReceipt.sign(traced(TRACE), ReceiptCodecTest.PROVIDER);
    Bytes padded =
        Bytes.concat(
            r.body().encode(),
            new ProtoWriter()
                .bytes(12, new ProtoWriter().string(1, "x").string(2, "1").varint(9, 1).toBytes())
                .toBytes());
    SignedReceipt back =
        ReceiptCodec.decode(new ProtoWriter().bytes(1, padded).bytes(2, r.signature()).toBytes());
    assertThat(back.body().trace().entries()).hasSize(4);
    assertThat(((Verdict.Rejected<?>) verify(back)).reason())
        .isEqualTo(ReceiptReason.BAD_SIGNATURE);
  }

  private static void assertRefused(Bytes body, String message) {
    Bytes receipt =
        new ProtoWriter().bytes(1, body).bytes(2, ReceiptCodecTest.SIGNED.signature()).toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(receipt))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message);
  }

  private static Verdict<SignedReceipt> verify(SignedReceipt r) {
    return new ReceiptVerifier(Set.of(ReceiptCodecTest.ATTESTOR.peerId()), 1_000)
        .verify(
            Optional.of(r),
            new ReceiptVerifier.Expected(
                ReceiptCodecTest.PROVIDER.peerId(),
                ReceiptCodecTest.INPUT,
                ReceiptCodecTest.NONCE,
                ReceiptCodecTest.OUTPUT,
                "v1",
                10_000,
                12_000,
                "image.generate"),
            true);
  }
}
