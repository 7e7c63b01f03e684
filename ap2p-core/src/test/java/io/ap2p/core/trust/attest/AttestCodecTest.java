package io.ap2p.core.trust.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.execution.task.TaskArbitraries;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.Digests;
import io.ap2p.core.trust.ReceiptCodec;
import io.ap2p.core.trust.SignedReceipt;
import io.ap2p.core.trust.Trace;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@code /ap2p/attest/1.0.0} messages: round trips, limits and hostile input. */
class AttestCodecTest {

  static final PrivateKey PROVIDER = Fixtures.key(1);
  static final PrivateKey ATTESTOR = Fixtures.key(2);
  static final Bytes INPUT = Bytes.wrap("a red fox".getBytes(StandardCharsets.UTF_8));
  static final Bytes OUTPUT = Bytes.fromHex("89504e470d0a1a0a");
  static final long FINISHED = 1_000_000;

  static SignedReceipt receipt(PrivateKey signer, Bytes input, Bytes output, long finished) {
    return SignedReceipt.sign(
        new SignedReceipt.Body(
            signer.peerId(),
            "t-1",
            Digests.sha256(input),
            Digests.sha256(output),
            "builtin/image.generate/1",
            "1.0.0",
            finished - 100,
            finished,
            Bytes.fromHex("0102030405060708"),
            SignedReceipt.GENESIS,
            "image.generate",
            Trace.of(Trace.tool("painter", "ImagePainter/1"))),
        signer);
  }

  static final AttestMessage.Request REQUEST =
      new AttestMessage.Request(
          receipt(PROVIDER, INPUT, OUTPUT, FINISHED),
          "image.generate",
          "text/plain",
          INPUT,
          OUTPUT);

  static final String GOLDEN = "/wire/attest/1.0.0/";

  /** The frozen encodings of each message kind (Ed25519 signatures are deterministic). */
  static Map<String, AttestMessage> golden() {
    Map<String, AttestMessage> m = new LinkedHashMap<>();
    m.put("request", REQUEST);
    m.put("countersigned", AttestJudge.countersign(REQUEST.receipt(), ATTESTOR));
    m.put("refused", new AttestMessage.Refused(AttestRefusal.MISMATCH, "output differs"));
    return m;
  }

  @Test
  void everyKindMatchesItsGoldenFileBothWays() throws Exception {
    for (Map.Entry<String, AttestMessage> e : golden().entrySet()) {
      Bytes enc = AttestCodec.encode(e.getValue());
      String name = GOLDEN + e.getKey() + ".hex";
      if (Boolean.getBoolean("ap2p.vectors.write")) {
        Path p = Path.of("src/test/resources" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, enc.toHex() + "\n");
        continue;
      }
      String hex;
      try (InputStream in = AttestCodecTest.class.getResourceAsStream(name)) {
        assertThat(in).as(name + " exists (write with -Dap2p.vectors.write=true)").isNotNull();
        hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
      }
      assertThat(enc.toHex()).as("encode " + name).isEqualTo(hex);
      assertThat(AttestCodec.decode(Bytes.fromHex(hex)))
          .as("decode " + name)
          .isEqualTo(e.getValue());
    }
  }

  @Provide
  Arbitrary<AttestMessage.Request> requests() {
    return Combinators.combine(
            TaskArbitraries.receipts().filter(r -> r.attestation().isEmpty()),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Bytes::wrap),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Bytes::wrap))
        .as(
            (r, in, out) ->
                new AttestMessage.Request(r, r.body().capability(), "text/plain", in, out));
  }

  @Property(tries = 200)
  void everyRequestDecodesToItself(@ForAll("requests") AttestMessage.Request r) throws Exception {
    assertThat(AttestCodec.decode(AttestCodec.encode(r))).isEqualTo(r);
  }

  @Test
  void eachMessageRoundTrips() throws Exception {
    AttestMessage[] all = {
      REQUEST,
      AttestJudge.countersign(REQUEST.receipt(), ATTESTOR),
      new AttestMessage.Refused(AttestRefusal.MISMATCH, "output differs on re-execution")
    };
    for (AttestMessage m : all) {
      assertThat(AttestCodec.decode(AttestCodec.encode(m))).isEqualTo(m);
    }
  }

  @Test
  void requestsOutsideTheLimitsCannotBeMade() {
    SignedReceipt r = REQUEST.receipt();
    Bytes big = Bytes.wrap(new byte[AttestCodec.MAX_INPUT + 1]);
    assertThatThrownBy(() -> new AttestMessage.Request(r, "c", "m", big, OUTPUT))
        .hasMessageContaining("input of");
    Bytes huge = Bytes.wrap(new byte[AttestCodec.MAX_OUTPUT + 1]);
    assertThatThrownBy(() -> new AttestMessage.Request(r, "c", "m", INPUT, huge))
        .hasMessageContaining("output of");
    assertThatThrownBy(() -> new AttestMessage.Request(r, "c".repeat(129), "m", INPUT, OUTPUT))
        .hasMessageContaining("capability");
    assertThatThrownBy(
            () -> new AttestMessage.Request(r.attestedBy(ATTESTOR), "c", "m", INPUT, OUTPUT))
        .hasMessageContaining("attested already");
    // a refusal's detail is clipped, never refused: an attestor always has an answer
    String detail = new AttestMessage.Refused(AttestRefusal.BUSY, "é".repeat(300)).detail();
    assertThat(detail.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(AttestCodec.MAX_DETAIL);
  }

  @Test
  void hostileFramesFailWithAWireError() {
    assertRefused(Bytes.wrap(new byte[AttestCodec.MAX_FRAME + 1]), "> " + AttestCodec.MAX_FRAME);
    assertRefused(Bytes.EMPTY, "without a message");
    Bytes twice =
        Bytes.concat(
            AttestCodec.encode(REQUEST),
            AttestCodec.encode(new AttestMessage.Refused(AttestRefusal.BUSY, "")));
    assertRefused(twice, "more than one");
    assertRefused(
        new ProtoWriter()
            .bytes(1, new ProtoWriter().string(2, "image.generate").toBytes())
            .toBytes(),
        "without a receipt");
    assertRefused(
        new ProtoWriter()
            .bytes(2, new ProtoWriter().bytes(1, ATTESTOR.peerId().multihash()).toBytes())
            .toBytes(),
        "without an attestor or a signature");
    assertRefused(
        new ProtoWriter().bytes(3, new ProtoWriter().string(2, "x").toBytes()).toBytes(),
        "without a reason");
    assertRefused(
        new ProtoWriter()
            .bytes(
                1,
                new ProtoWriter()
                    .bytes(1, ReceiptCodec.encode(REQUEST.receipt()))
                    .bytes(4, new byte[AttestCodec.MAX_INPUT + 1])
                    .toBytes())
            .toBytes(),
        "");
    assertRefused(
        new ProtoWriter()
            .bytes(
                1,
                new ProtoWriter()
                    .bytes(1, ReceiptCodec.encode(REQUEST.receipt().attestedBy(ATTESTOR)))
                    .toBytes())
            .toBytes(),
        "attested already");
    assertRefused(
        new ProtoWriter()
            .bytes(
                2,
                new ProtoWriter()
                    .bytes(1, Bytes.fromHex("0001ff"))
                    .bytes(2, new byte[64])
                    .toBytes())
            .toBytes(),
        "bad attestor peer id");
  }

  @Test
  void anUnknownRefusalCodeReadsAsProtocol() throws Exception {
    Bytes frame = new ProtoWriter().bytes(3, new ProtoWriter().varint(1, 99).toBytes()).toBytes();
    assertThat(((AttestMessage.Refused) AttestCodec.decode(frame)).reason())
        .isEqualTo(AttestRefusal.PROTOCOL);
  }

  @Property(tries = 1000)
  void randomBytesDecodeOrFailWithAWireError(@ForAll @Size(max = 400) byte[] junk) {
    decodeOrWireError(Bytes.wrap(junk));
  }

  @Test
  void truncationsAndBitFlipsDecodeOrFailWithAWireError() {
    byte[] enc = AttestCodec.encode(REQUEST).toByteArray();
    for (int cut = 0; cut < enc.length; cut++) {
      decodeOrWireError(Bytes.of(enc, 0, cut));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      byte[] copy = enc.clone();
      int bit = random.nextInt(copy.length * 8);
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
      decodeOrWireError(Bytes.wrap(copy));
    }
  }

  private static void assertRefused(Bytes frame, String message) {
    assertThatThrownBy(() -> AttestCodec.decode(frame))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(message);
  }

  static void decodeOrWireError(Bytes data) {
    try {
      assertThat(AttestCodec.decode(data)).isNotNull();
    } catch (WireFormatException expected) {
      // the only failure allowed
    } catch (Throwable t) {
      fail("decoding " + data.toHex() + " threw " + t, t);
    }
  }
}
