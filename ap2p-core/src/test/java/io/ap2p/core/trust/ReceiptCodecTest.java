package io.ap2p.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.execution.task.TaskArbitraries;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.ProtoWriter;
import io.ap2p.core.wire.WireFormatException;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Signed receipts on the wire: round trips, limits and hostile input. */
class ReceiptCodecTest {

  static final PrivateKey PROVIDER = Fixtures.key(1);
  static final PrivateKey ATTESTOR = Fixtures.key(2);
  static final Bytes INPUT = Bytes.wrap("prompt".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  static final Bytes OUTPUT = Bytes.fromHex("89504e47");
  static final Bytes NONCE = Bytes.fromHex("0102030405060708");

  static SignedReceipt.Body body(String tool) {
    return new SignedReceipt.Body(
        PROVIDER.peerId(),
        "t-1",
        Digests.sha256(INPUT),
        Digests.sha256(OUTPUT),
        tool,
        "v1",
        10_100,
        11_900,
        NONCE,
        SignedReceipt.GENESIS);
  }

  static final SignedReceipt SIGNED = SignedReceipt.sign(body("imagegen"), PROVIDER);
  static final SignedReceipt ATTESTED = SIGNED.attestedBy(ATTESTOR);

  @Provide
  Arbitrary<SignedReceipt> receipts() {
    return TaskArbitraries.receipts();
  }

  @Property(tries = 300)
  void everyReceiptDecodesToItself(@ForAll("receipts") SignedReceipt r) throws Exception {
    ReceiptCodec.check(r);
    Bytes enc = ReceiptCodec.encode(r);
    assertThat(enc.length()).isLessThanOrEqualTo(ReceiptCodec.MAX_RECEIPT);
    assertThat(ReceiptCodec.decode(enc)).isEqualTo(r);
  }

  /** What the provider signed is what the requester verifies after the wire. */
  @Test
  void aDecodedReceiptStillVerifies() throws Exception {
    ReceiptVerifier verifier = new ReceiptVerifier(Set.of(ATTESTOR.peerId()), 1_000);
    ReceiptVerifier.Expected expected =
        new ReceiptVerifier.Expected(PROVIDER.peerId(), INPUT, NONCE, OUTPUT, "v1", 10_000, 12_000);
    for (SignedReceipt r : new SignedReceipt[] {SIGNED, ATTESTED}) {
      SignedReceipt back = ReceiptCodec.decode(ReceiptCodec.encode(r));
      Verdict<SignedReceipt> v = verifier.verify(Optional.of(back), expected, r == ATTESTED);
      assertThat(v).isInstanceOf(Verdict.Accepted.class);
    }
  }

  /** A hashed (sha2-256) peer id decodes too; it carries no key, so the verifier refuses it. */
  @Test
  void aHashedProviderIdDecodes() throws Exception {
    PeerId hashed = new PeerId(Bytes.concat(Bytes.fromHex("1220"), Bytes.wrap(new byte[32])));
    SignedReceipt.Body b = body("imagegen");
    SignedReceipt r =
        new SignedReceipt(
            new SignedReceipt.Body(
                hashed,
                b.taskId(),
                b.inputDigest(),
                b.outputDigest(),
                b.tool(),
                b.version(),
                b.startedAtMillis(),
                b.finishedAtMillis(),
                b.nonce(),
                b.previous()),
            Bytes.wrap(new byte[64]),
            Optional.empty());
    assertThat(ReceiptCodec.decode(ReceiptCodec.encode(r))).isEqualTo(r);
  }

  @Test
  void limitsAndMissingPartsAreRefused() {
    assertThatThrownBy(
            () -> ReceiptCodec.decode(Bytes.wrap(new byte[ReceiptCodec.MAX_RECEIPT + 1])))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("4096");
    Bytes bodyOnly = new ProtoWriter().bytes(1, SIGNED.body().encode()).toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(bodyOnly))
        .hasMessageContaining("without a body or a signature");
    Bytes sigOnly = new ProtoWriter().bytes(2, SIGNED.signature()).toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(sigOnly))
        .hasMessageContaining("without a body or a signature");
    Bytes noProvider =
        new ProtoWriter()
            .bytes(1, new ProtoWriter().string(2, "t-1").toBytes())
            .bytes(2, SIGNED.signature())
            .toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(noProvider))
        .hasMessageContaining("without a provider");
    Bytes badPeer =
        new ProtoWriter()
            .bytes(1, new ProtoWriter().bytes(1, Bytes.fromHex("0001ff")).toBytes())
            .bytes(2, SIGNED.signature())
            .toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(badPeer)).hasMessageContaining("bad peer id");
    Bytes halfAttestation =
        Bytes.concat(
            ReceiptCodec.encode(SIGNED),
            new ProtoWriter()
                .bytes(3, new ProtoWriter().bytes(1, ATTESTOR.peerId().multihash()).toBytes())
                .toBytes());
    assertThatThrownBy(() -> ReceiptCodec.decode(halfAttestation))
        .hasMessageContaining("attestation without");
    Bytes longTool = ReceiptCodec.encode(SignedReceipt.sign(body("x".repeat(129)), PROVIDER));
    assertThatThrownBy(() -> ReceiptCodec.decode(longTool)).hasMessageContaining("longer than 128");
    Bytes longSignature =
        new ProtoWriter().bytes(1, SIGNED.body().encode()).bytes(2, new byte[129]).toBytes();
    assertThatThrownBy(() -> ReceiptCodec.decode(longSignature))
        .hasMessageContaining("longer than 128");
  }

  /**
   * {@link ReceiptCodec#check} refuses exactly what decode would: a descriptor's version may have
   * 128 characters, but a receipt's text fields hold 128 UTF-8 bytes.
   */
  @Test
  void checkRefusesWhatTheDecoderWouldRefuse() throws Exception {
    ReceiptCodec.check(SIGNED);
    ReceiptCodec.check(ATTESTED);
    SignedReceipt fits = SignedReceipt.sign(body("x".repeat(128)), PROVIDER);
    ReceiptCodec.check(fits);
    assertThat(ReceiptCodec.decode(ReceiptCodec.encode(fits))).isEqualTo(fits);
    for (String tool : new String[] {"x".repeat(129), "模".repeat(43), "x\uD800"}) {
      SignedReceipt r = SignedReceipt.sign(body(tool), PROVIDER);
      assertThatThrownBy(() -> ReceiptCodec.check(r))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tool");
    }
    SignedReceipt.Body b = body("imagegen");
    // a negative time cannot even be signed (its encoding fails), but it can be constructed
    SignedReceipt negative =
        new SignedReceipt(
            new SignedReceipt.Body(
                b.provider(),
                b.taskId(),
                b.inputDigest(),
                b.outputDigest(),
                b.tool(),
                b.version(),
                -1,
                b.finishedAtMillis(),
                b.nonce(),
                b.previous()),
            SIGNED.signature(),
            Optional.empty());
    assertThatThrownBy(() -> ReceiptCodec.check(negative)).hasMessageContaining("negative");
    SignedReceipt longSig = new SignedReceipt(b, Bytes.wrap(new byte[129]), Optional.empty());
    assertThatThrownBy(() -> ReceiptCodec.check(longSig)).hasMessageContaining("signature");
  }

  @Test
  void unknownFieldsAreSkipped() throws Exception {
    Bytes extra = Bytes.fromHex("b00101c20102abcd");
    Bytes body = Bytes.concat(extra, SIGNED.body().encode(), extra);
    Bytes enc =
        Bytes.concat(
            extra,
            new ProtoWriter()
                .bytes(1, body)
                .bytes(2, SIGNED.signature())
                .bytes(
                    3,
                    Bytes.concat(
                        extra,
                        new ProtoWriter()
                            .bytes(1, ATTESTED.attestation().get().attestor().multihash())
                            .bytes(2, ATTESTED.attestation().get().signature())
                            .toBytes()))
                .toBytes(),
            extra);
    assertThat(ReceiptCodec.decode(enc)).isEqualTo(ATTESTED);
  }

  @Property(tries = 1000)
  void randomBytesDecodeOrFailWithAWireError(@ForAll @Size(max = 300) byte[] junk) {
    decodeOrWireError(Bytes.wrap(junk));
  }

  @Property(tries = 30)
  void truncationsAndBitFlipsDecodeOrFailWithAWireError(
      @ForAll("receipts") SignedReceipt r, @ForAll long seed) {
    byte[] enc = ReceiptCodec.encode(r).toByteArray();
    for (int cut = 0; cut < enc.length; cut++) {
      decodeOrWireError(Bytes.of(enc, 0, cut));
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 30; i++) {
      byte[] copy = enc.clone();
      int bit = random.nextInt(copy.length * 8);
      copy[bit / 8] ^= (byte) (1 << (bit % 8));
      decodeOrWireError(Bytes.wrap(copy));
    }
  }

  static void decodeOrWireError(Bytes data) {
    try {
      assertThat(ReceiptCodec.decode(data)).isNotNull();
    } catch (WireFormatException expected) {
      // the only failure allowed
    } catch (Throwable t) {
      fail("decoding " + data.toHex() + " threw " + t, t);
    }
  }
}
