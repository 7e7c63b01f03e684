package io.ap2p.core.discovery.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Fixtures;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SideEffect;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

  static Map<String, RegistryMessage> samples() {
    Map<String, RegistryMessage> m = new LinkedHashMap<>();
    Bytes d = Fixtures.signed(Fixtures.key(1), "image-gen", 7, Fixtures.T0, 60).toJsonBytes();
    m.put("register", new RegistryMessage.Register(d));
    m.put("withdraw", new RegistryMessage.Withdraw("image-gen", 7));
    m.put(
        "find",
        new RegistryMessage.Find(
            new Query(
                "draw a fox",
                List.of(new CapabilityTag("image.generate")),
                5000,
                Optional.of(0.05),
                Optional.of("eu"),
                SideEffect.REVERSIBLE,
                2,
                10)));
    m.put(
        "ack",
        new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "ADDED", "", 1_795_500_060_000L));
    m.put("found", new RegistryMessage.Found(List.of(d, d)));
    // the identity price's fields (absent above, so the older golden files still hold)
    m.put(
        "register-proof",
        new RegistryMessage.Register(
            d, io.ap2p.core.identity.IdentityProof.mint(Fixtures.key(1).peerId(), 8).counter()));
    m.put(
        "ack-identity",
        new RegistryMessage.Ack(
            RegistryMessage.Status.REJECTED,
            RegistryReason.IDENTITY_PROOF_REQUIRED.name(),
            "this registry requires an identity proof of 12 bits",
            0,
            12));
    return m;
  }

  @Test
  void everyMessageRoundTripsAndMatchesItsGoldenFile() throws Exception {
    for (var e : samples().entrySet()) {
      Bytes enc = RegistryCodec.encode(e.getValue());
      assertThat(RegistryCodec.decode(enc)).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(e.getValue().encodedSize()).isEqualTo(enc.length());
      String name = "/wire/registry/1.0.0/" + e.getKey() + ".hex";
      if (Boolean.getBoolean("ap2p.vectors.write")) {
        Path p = Path.of("src/test/resources" + name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, enc.toHex() + "\n");
        continue;
      }
      assertThat(golden(name)).as("golden " + name).isEqualTo(enc.toHex());
    }
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = RegistryCodecTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name + " exists (write with -Dap2p.vectors.write=true)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
  }

  @Test
  void theComputedSizeOfAnAnswerIsItsEncodedSize() {
    for (int n : new int[] {0, 1, 3, 100}) {
      for (int len : new int[] {0, 1, 127, 128, 2000, 20_000}) {
        List<Bytes> ds = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          ds.add(Bytes.wrap(new byte[len + i]));
        }
        RegistryMessage.Found f = new RegistryMessage.Found(ds);
        assertThat(f.encodedSize()).isEqualTo(RegistryCodec.encode(f).length());
      }
    }
  }

  @Test
  void theComputedSizeOfARegistrationAndAnAckIsTheirEncodedSize() {
    for (int len : new int[] {0, 1, 127, 128, 16_383, 16_384, 65_536}) {
      for (int proof : new int[] {0, 1, 8, 64}) {
        RegistryMessage.Register r =
            new RegistryMessage.Register(Bytes.wrap(new byte[len]), Bytes.wrap(new byte[proof]));
        assertThat(r.encodedSize())
            .as(len + "/" + proof)
            .isEqualTo(RegistryCodec.encode(r).length());
      }
    }
    String[] texts = {"", "ADDED", "é", "€€", "\uD83D\uDE00", "\uD83D", "x".repeat(200)};
    for (RegistryMessage.Status status : RegistryMessage.Status.values()) {
      for (String reason : texts) {
        for (String detail : texts) {
          for (long expires :
              new long[] {0, 127, 128, 1_795_500_060_000L, 1L << 35, Long.MAX_VALUE}) {
            for (int bits : new int[] {0, 1, 12, RegistryCodec.MAX_ASKED_BITS}) {
              RegistryMessage.Ack a =
                  new RegistryMessage.Ack(status, reason, detail, expires, bits);
              assertThat(a.encodedSize())
                  .as(a.toString())
                  .isEqualTo(RegistryCodec.encode(a).length());
            }
          }
        }
      }
    }
  }

  @Test
  void truncatedAndRandomInputFailsWithATypedError() {
    Random r = new Random(7);
    for (RegistryMessage m : samples().values()) {
      byte[] enc = RegistryCodec.encode(m).toByteArray();
      for (int cut = 0; cut < enc.length; cut += Math.max(1, enc.length / 50)) {
        byte[] part = java.util.Arrays.copyOf(enc, cut);
        decodeOrWireError(part);
      }
    }
    for (int i = 0; i < 2000; i++) {
      byte[] junk = new byte[r.nextInt(64)];
      r.nextBytes(junk);
      decodeOrWireError(junk);
    }
  }

  private static void decodeOrWireError(byte[] data) {
    try {
      RegistryCodec.decode(Bytes.wrap(data));
    } catch (WireFormatException expected) {
      // the only failure allowed
    }
  }

  @Test
  void limitsHold() {
    assertThatThrownBy(
            () -> RegistryCodec.decode(Bytes.wrap(new byte[RegistryCodec.MAX_MESSAGE + 1])))
        .isInstanceOf(WireFormatException.class);
    // an oversized descriptor decodes (the message limit bounds it), so the validator can answer
    // OVERSIZE with the sizes instead of the publisher seeing a bare stream reset
    Bytes big = Bytes.wrap(new byte[70_000]);
    Bytes enc = RegistryCodec.encode(new RegistryMessage.Register(big));
    try {
      assertThat(RegistryCodec.decode(enc)).isEqualTo(new RegistryMessage.Register(big));
    } catch (WireFormatException e) {
      throw new AssertionError(e);
    }
    Bytes d = Bytes.wrap(new byte[10]);
    Bytes tooMany =
        RegistryCodec.encode(new RegistryMessage.Found(java.util.Collections.nCopies(101, d)));
    assertThatThrownBy(() -> RegistryCodec.decode(tooMany))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("more than 100");
    Bytes v2 =
        Bytes.fromHex(
            "0802" + RegistryCodec.encode(samples().get("withdraw")).toHex().substring(4));
    assertThatThrownBy(() -> RegistryCodec.decode(v2)).hasMessageContaining("version 2");
  }

  @Test
  void identityProofFieldsHaveLimits() throws WireFormatException {
    Bytes d = Bytes.wrap(new byte[] {'{', '}'});
    // a proof of the wrong length up to the field's limit decodes, so the registry can say why
    // it is refused; one byte more is malformed
    Bytes odd = Bytes.wrap(new byte[RegistryCodec.MAX_IDENTITY_PROOF]);
    assertThat(RegistryCodec.decode(RegistryCodec.encode(new RegistryMessage.Register(d, odd))))
        .isEqualTo(new RegistryMessage.Register(d, odd));
    Bytes over =
        Bytes.fromHex(
            "0801"
                + "12"
                + "47" // Register body: 4 + 67 bytes
                + "0a02"
                + "7b7d" // descriptor "{}"
                + "1241"
                + "00".repeat(RegistryCodec.MAX_IDENTITY_PROOF + 1)); // proof of 65 bytes
    assertThatThrownBy(() -> RegistryCodec.decode(over))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining(
            "field 2 is longer than " + RegistryCodec.MAX_IDENTITY_PROOF + " bytes");
    assertThatThrownBy(
            () ->
                new RegistryMessage.Register(
                    d, Bytes.wrap(new byte[RegistryCodec.MAX_IDENTITY_PROOF + 1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity proof over " + RegistryCodec.MAX_IDENTITY_PROOF + " bytes");
    // an Ack asking for more than 32 bits decodes (what a registry asks is its policy; the client
    // decides whether it mints that much); anything over 255 reads as 255
    String ack = "0801" + "2a" + "06" + "0801" + "1200" + "2821";
    assertThat(((RegistryMessage.Ack) RegistryCodec.decode(Bytes.fromHex(ack))).identityBits())
        .isEqualTo(33);
    String huge = "0801" + "2a" + "0e" + "0801" + "1200" + "28ffffffffffffffff7f"; // 2^63 - 1
    assertThat(((RegistryMessage.Ack) RegistryCodec.decode(Bytes.fromHex(huge))).identityBits())
        .isEqualTo(RegistryCodec.MAX_ASKED_BITS);
    // a 10-byte varint (2^64 - 1, which would wrap a long negative) is malformed, with a reason
    String wraps = "0801" + "2a" + "0f" + "0801" + "1200" + "28ffffffffffffffffff01";
    assertThatThrownBy(() -> RegistryCodec.decode(Bytes.fromHex(wraps)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("varint longer than 9 bytes");
    // the same for an expiry: one that would wrap negative is malformed, and no Ack holds one, so
    // what encodedSize computes is always what encode writes
    String expiryWraps = "0801" + "2a" + "0f" + "0801" + "1200" + "20ffffffffffffffffff01";
    assertThatThrownBy(() -> RegistryCodec.decode(Bytes.fromHex(expiryWraps)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("varint longer than 9 bytes");
    String expiryMax = "0801" + "2a" + "0e" + "0801" + "1200" + "20ffffffffffffffff7f";
    assertThat(
            ((RegistryMessage.Ack) RegistryCodec.decode(Bytes.fromHex(expiryMax)))
                .expiresAtMillis())
        .isEqualTo(Long.MAX_VALUE);
    for (long negative : new long[] {-1, Long.MIN_VALUE}) {
      assertThatThrownBy(
              () -> new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "", "", negative))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expiresAtMillis must be non-negative");
    }
    String fine = "0801" + "2a" + "06" + "0801" + "1200" + "2820";
    assertThat(((RegistryMessage.Ack) RegistryCodec.decode(Bytes.fromHex(fine))).identityBits())
        .isEqualTo(32);
    // an empty proof field is as if absent: it re-encodes without it
    String emptyProof = "0801" + "12" + "06" + "0a02" + "7b7d" + "1200";
    assertThat(RegistryCodec.decode(Bytes.fromHex(emptyProof)))
        .isEqualTo(new RegistryMessage.Register(d));
  }
}
