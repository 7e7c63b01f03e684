package io.ap2p.node.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.node.a2a.CardRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Signing AgentCards and verifying them against a pinned key, with tampered and hostile input. */
class CardVerifierTest {

  static final PrivateKey ALICE = PrivateKey.fromSeed(Bytes.wrap(new byte[32]));
  static final PrivateKey MALLORY = PrivateKey.fromSeed(Bytes.fromHex("01".repeat(32)));

  static ObjectNode card(PrivateKey key) {
    return AgentCards.signed(key, "ap2p/test", List.of(), Optional.of("http://127.0.0.1:9"));
  }

  static byte[] bytes(Object o) throws Exception {
    return Json.MAPPER.writeValueAsBytes(o);
  }

  static Reason reason(byte[] card, PrivateKey pinned) {
    try {
      CardVerifier.verify(card, pinned.publicKey());
      throw new AssertionError("verified");
    } catch (CardRejectedException e) {
      return e.reason();
    }
  }

  @Test
  void aSignedCardVerifiesUnderItsKeyWithThePeerIdAsKid() throws Exception {
    CardVerifier.Verified v = CardVerifier.verify(bytes(card(ALICE)), ALICE.publicKey());
    assertThat(v.kid()).isEqualTo(ALICE.peerId().toString());
    assertThat(v.kidIsPinnedPeer()).isTrue();
    assertThat(v.card().has("signatures")).isFalse();
    assertThat(v.card().path("version").asText()).isEqualTo("ap2p/test");
  }

  @Test
  void theProtectedHeaderHasAlgTypKidAndNothingDetachedIsCarried() throws Exception {
    ObjectNode sig = (ObjectNode) card(ALICE).get("signatures").get(0);
    assertThat(sig.has("payload")).isFalse();
    String header =
        new String(
            Base64.getUrlDecoder().decode(sig.get("protected").asText()), StandardCharsets.UTF_8);
    assertThat(Json.MAPPER.readTree(header).path("alg").asText()).isEqualTo("EdDSA");
    assertThat(Json.MAPPER.readTree(header).path("typ").asText()).isEqualTo("JOSE");
    assertThat(Json.MAPPER.readTree(header).path("kid").asText())
        .isEqualTo(ALICE.peerId().toString());
    assertThat(sig.get("signature").asText()).hasSize(86).doesNotContain("=");
  }

  @Test
  void anotherPinnedKeyIsAWrongKey() throws Exception {
    assertThat(reason(bytes(card(ALICE)), MALLORY)).isEqualTo(Reason.WRONG_KEY);
  }

  @Test
  void aCardSignedByMalloryUnderAlicesKidIsABadSignature() throws Exception {
    ObjectNode forged = card(MALLORY);
    ObjectNode sig = (ObjectNode) forged.get("signatures").get(0);
    String header =
        new String(
                Base64.getUrlDecoder().decode(sig.get("protected").asText()),
                StandardCharsets.UTF_8)
            .replace(MALLORY.peerId().toString(), ALICE.peerId().toString());
    sig.put(
        "protected",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(header.getBytes(StandardCharsets.UTF_8)));
    assertThat(reason(bytes(forged), ALICE)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void aChangeToAnySignedMemberIsCaught() throws Exception {
    ObjectNode c = card(ALICE);
    c.put("version", "ap2p/evil");
    assertThat(reason(bytes(c), ALICE)).isEqualTo(Reason.CARD_CHANGED);
    ObjectNode d = card(ALICE);
    ((ObjectNode) d.get("supportedInterfaces").get(0)).put("url", "http://evil.example/a2a");
    assertThat(reason(bytes(d), ALICE)).isEqualTo(Reason.CARD_CHANGED);
    ObjectNode e = card(ALICE);
    e.putArray("skills").addObject().put("id", "steal-keys");
    assertThat(reason(bytes(e), ALICE)).isEqualTo(Reason.CARD_CHANGED);
  }

  @Test
  void whatTheSchemaDropsOrStripsIsNotSignedAndMayChange() throws Exception {
    ObjectNode c = card(ALICE);
    c.put("url", "http://legacy.example"); // not a v1.0 member: outside the signature
    c.put("iconUrl", ""); // stripped as empty
    assertThat(CardVerifier.verify(bytes(c), ALICE.publicKey()).card().has("url")).isFalse();
  }

  @Test
  void aFlippedSignatureBitIsABadSignature() throws Exception {
    ObjectNode c = card(ALICE);
    ObjectNode sig = (ObjectNode) c.get("signatures").get(0);
    byte[] raw = Base64.getUrlDecoder().decode(sig.get("signature").asText());
    raw[10] ^= 1;
    sig.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    assertThat(reason(bytes(c), ALICE)).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void unsupportedAlgorithmsAndCriticalExtensionsAreRefused() throws Exception {
    for (String header :
        List.of(
            "{\"alg\":\"none\",\"kid\":\"k\",\"typ\":\"JOSE\"}",
            "{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"JOSE\"}",
            "{\"alg\":\"HS256\",\"kid\":\"k\",\"typ\":\"JOSE\"}",
            "{\"alg\":\"EdDSA\",\"kid\":\"k\",\"typ\":\"JOSE\",\"crit\":[\"b64\"],\"b64\":false}")) {
      assertThat(reason(bytes(withHeader(header)), ALICE))
          .as(header)
          .isEqualTo(Reason.UNSUPPORTED_ALG);
    }
  }

  @Test
  void malformedSignatureEntriesAreMalformedJws() throws Exception {
    for (String header :
        List.of(
            "{\"kid\":\"k\",\"typ\":\"JOSE\"}",
            "{\"alg\":\"EdDSA\",\"typ\":\"JOSE\"}",
            "{\"alg\":\"EdDSA\",\"kid\":\"k\"}",
            "[1,2]",
            "not json",
            "{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"kid\":\"k\",\"typ\":\"JOSE\"}")) {
      assertThat(reason(bytes(withHeader(header)), ALICE))
          .as(header)
          .isEqualTo(Reason.MALFORMED_JWS);
    }
    ObjectNode c = card(ALICE);
    for (String bad : List.of("", "a+b/", "AAAA==", "AAAA", "!!!!", "A".repeat(5000))) {
      ObjectNode s = c.deepCopy();
      ((ObjectNode) s.get("signatures").get(0)).put("signature", bad);
      assertThat(reason(bytes(s), ALICE)).as("signature " + bad).isEqualTo(Reason.MALFORMED_JWS);
      ObjectNode p = c.deepCopy();
      ((ObjectNode) p.get("signatures").get(0)).put("protected", bad);
      assertThat(reason(bytes(p), ALICE)).as("protected " + bad).isEqualTo(Reason.MALFORMED_JWS);
    }
    ObjectNode dup = c.deepCopy();
    ((ObjectNode) dup.get("signatures").get(0)).putObject("header").put("alg", "none");
    assertThat(reason(bytes(dup), ALICE)).isEqualTo(Reason.MALFORMED_JWS);
  }

  @Test
  void unsignedTooLargeAndGarbageCardsAreRefusedWithReasons() throws Exception {
    ObjectNode unsigned = card(ALICE);
    unsigned.remove("signatures");
    assertThat(reason(bytes(unsigned), ALICE)).isEqualTo(Reason.NO_SIGNATURE);
    unsigned.putArray("signatures");
    assertThat(reason(bytes(unsigned), ALICE)).isEqualTo(Reason.NO_SIGNATURE);
    byte[] big = new byte[CardVerifier.MAX_CARD_BYTES + 1];
    assertThat(reason(big, ALICE)).isEqualTo(Reason.TOO_LARGE);
    assertThat(reason("{\"name\":".getBytes(StandardCharsets.UTF_8), ALICE))
        .isEqualTo(Reason.MALFORMED_CARD);
    assertThat(
            reason(
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                    .getBytes(StandardCharsets.UTF_8),
                ALICE))
        .isEqualTo(Reason.MALFORMED_CARD);
    ObjectNode many = card(ALICE);
    for (int i = 0; i < CardVerifier.MAX_SIGNATURES; i++) {
      many.withArray("signatures").add(many.get("signatures").get(0).deepCopy());
    }
    assertThat(reason(bytes(many), ALICE)).isEqualTo(Reason.MALFORMED_CARD);
  }

  @Test
  void truncationsAndRandomBytesNeverVerifyNorThrowAnythingElse() throws Exception {
    byte[] good = bytes(card(ALICE));
    for (int n = 0; n < good.length; n += 7) {
      byte[] cut = java.util.Arrays.copyOf(good, n);
      assertThat(reason(cut, ALICE)).isNotNull();
    }
    Random r = new Random(16);
    for (int i = 0; i < 1000; i++) {
      byte[] flipped = good.clone();
      flipped[r.nextInt(flipped.length)] ^= (byte) (1 + r.nextInt(255));
      try {
        CardVerifier.verify(flipped, ALICE.publicKey());
        // a flip in white space or in a member outside the signature may still verify
      } catch (CardRejectedException e) {
        assertThat(e.reason()).isNotNull();
      }
      byte[] noise = new byte[r.nextInt(300)];
      r.nextBytes(noise);
      assertThat(reason(noise, ALICE)).isNotNull();
    }
  }

  @Test
  void oneGoodSignatureAmongBadOnesVerifies() throws Exception {
    ObjectNode both = CardSigner.sign(card(MALLORY), ALICE);
    assertThat(both.get("signatures")).hasSize(2);
    assertThat(CardVerifier.verify(bytes(both), ALICE.publicKey()).kid())
        .isEqualTo(ALICE.peerId().toString());
    assertThat(CardVerifier.verify(bytes(both), MALLORY.publicKey()).kid())
        .isEqualTo(MALLORY.peerId().toString());
  }

  @Test
  void aKidThatIsNoPeerIdBindsThroughThePinnedKeyOnly() throws Exception {
    ObjectNode c = withHeader("{\"alg\":\"EdDSA\",\"kid\":\"key-1\",\"typ\":\"JOSE\"}");
    CardVerifier.Verified v = CardVerifier.verify(bytes(c), ALICE.publicKey());
    assertThat(v.kid()).isEqualTo("key-1");
    assertThat(v.kidIsPinnedPeer()).isFalse();
  }

  /** An unsigned card of Alice's signed by Alice under {@code headerJson}, whatever it says. */
  static ObjectNode withHeader(String headerJson) throws Exception {
    ObjectNode c = card(ALICE);
    c.remove("signatures");
    String p =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));
    Bytes sig = ALICE.signRaw(CardSigner.signingInput(p, CardCanonical.of(c)));
    c.putArray("signatures")
        .addObject()
        .put("protected", p)
        .put(
            "signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig.toByteArray()));
    return c;
  }
}
