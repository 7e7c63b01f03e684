package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Signs AgentCards as A2A specifies (§8.4): a JWS in flattened form with a detached payload, the
 * payload being the card's canonical bytes ({@link CardCanonical}). The protected header holds
 * {@code alg} {@code EdDSA}, {@code typ} {@code JOSE}, {@code kid} the signer's peer id (the {@code
 * 12D3KooW…} text, which inlines the Ed25519 public key) and {@value #DIGEST_HEADER}, the base64url
 * SHA-256 of the canonical card, so a verifier can tell a changed card from a bad signature. Each
 * signature entry is {@code {"protected": …, "signature": …}}; no JOSE library: the JDK's
 * base64url, our JCS and our Ed25519.
 */
public final class CardSigner {

  /** The algorithm written to and accepted in the protected header. */
  public static final String ALG = "EdDSA";

  /** The protected header member holding the base64url SHA-256 of the canonical card. */
  public static final String DIGEST_HEADER = "ap2p:card-sha256";

  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private CardSigner() {}

  /**
   * {@code card} with one more signature, by {@code key}.
   *
   * @throws CardRejectedException (MALFORMED_CARD) if the card does not read as an A2A card
   */
  public static ObjectNode sign(JsonNode card, PrivateKey key) throws CardRejectedException {
    Bytes payload = CardCanonical.of(card);
    ObjectNode header = Json.MAPPER.createObjectNode();
    header.put("alg", ALG);
    header.put("typ", "JOSE");
    header.put("kid", key.peerId().toString());
    header.put(DIGEST_HEADER, B64.encodeToString(sha256(payload)));
    String protectedB64 = B64.encodeToString(Jcs.canonicalize(header).toByteArray());
    Bytes signature = key.signRaw(signingInput(protectedB64, payload));
    ObjectNode out = ((ObjectNode) card).deepCopy();
    JsonNode existing = out.get("signatures");
    ArrayNode sigs =
        existing instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode(); // normalize() checked
    sigs.addObject()
        .put("protected", protectedB64)
        .put("signature", B64.encodeToString(signature.toByteArray()));
    out.set("signatures", sigs);
    return out;
  }

  /** The JWS signing input: {@code BASE64URL(protected) || '.' || BASE64URL(payload)}. */
  static byte[] signingInput(String protectedB64, Bytes payload) {
    return (protectedB64 + "." + B64.encodeToString(payload.toByteArray()))
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] sha256(Bytes b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
