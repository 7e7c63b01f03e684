package io.ap2p.node.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.a2a.CardRejectedException.Reason;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an AgentCard's signatures against a key the caller pins, never one the card names: a
 * card that carries its own key proves only that someone holds some key. The card verifies when one
 * of its signatures is an EdDSA JWS (see {@link CardSigner}) over its canonical form that checks
 * out under the pinned key, and whose {@code kid}, when it is a peer id, is the pinned key's.
 * Failures say why, with a {@link Reason}.
 *
 * <p>Limits: a card of at most {@value #MAX_CARD_BYTES} bytes, JSON nested at most {@value
 * Json#MAX_DEPTH} deep with unique member names, at most {@value #MAX_SIGNATURES} signatures, a
 * protected header of at most {@value #MAX_HEADER_CHARS} characters.
 */
public final class CardVerifier {

  /** Largest card read. */
  public static final int MAX_CARD_BYTES = 256 * 1024;

  /** Most signatures on one card. */
  public static final int MAX_SIGNATURES = 16;

  /** Longest protected header, in base64url characters. */
  public static final int MAX_HEADER_CHARS = 4096;

  /** Algorithms accepted: RFC 8037's {@code EdDSA} and RFC 9864's fully specified name. */
  private static final Set<String> ALGS = Set.of(CardSigner.ALG, "Ed25519");

  private static final Base64.Decoder B64 = Base64.getUrlDecoder();

  /**
   * A card that verified.
   *
   * @param card the card as it was signed (schema members only, empties stripped)
   * @param kid the {@code kid} of the signature that verified
   * @param kidIsPinnedPeer whether that {@code kid} is the pinned key's peer id (else it is some
   *     other name, and only the pinned key binds the card)
   */
  public record Verified(ObjectNode card, String kid, boolean kidIsPinnedPeer) {}

  private CardVerifier() {}

  /**
   * Verifies the card in {@code bytes} under {@code pinned}.
   *
   * @throws CardRejectedException saying why it does not verify
   */
  public static Verified verify(byte[] bytes, PublicKey pinned) throws CardRejectedException {
    if (bytes.length > MAX_CARD_BYTES) {
      throw new CardRejectedException(
          Reason.TOO_LARGE,
          "the card has " + bytes.length + " bytes; at most " + MAX_CARD_BYTES + " are read");
    }
    JsonNode card;
    try {
      card = Json.parse(bytes);
    } catch (JsonFormatException e) {
      throw new CardRejectedException(Reason.MALFORMED_CARD, "not JSON: " + e.getMessage());
    }
    return verify(card, pinned);
  }

  /**
   * Verifies {@code card} under {@code pinned}.
   *
   * @throws CardRejectedException saying why it does not verify
   */
  public static Verified verify(JsonNode card, PublicKey pinned) throws CardRejectedException {
    ObjectNode normalized = CardSchema.normalize(card);
    Bytes payload = CardCanonical.of(card);
    JsonNode sigs = normalized.path("signatures");
    if (sigs.isEmpty()) {
      throw new CardRejectedException(Reason.NO_SIGNATURE, "the card carries no signature");
    }
    if (sigs.size() > MAX_SIGNATURES) {
      throw new CardRejectedException(
          Reason.MALFORMED_CARD,
          "the card carries " + sigs.size() + " signatures; at most " + MAX_SIGNATURES);
    }
    List<CardRejectedException> failures = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      try {
        String kid = check(sigs.get(i), payload, pinned);
        return new Verified(
            CardCanonical.signedView(card), kid, kid.equals(pinned.peerId().toString()));
      } catch (CardRejectedException e) {
        failures.add(
            sigs.size() == 1
                ? e
                : new CardRejectedException(
                    e.reason(), "signature " + (i + 1) + ": " + e.getMessage()));
      }
    }
    CardRejectedException worst = failures.get(0);
    for (CardRejectedException f : failures) {
      if (f.reason().compareTo(worst.reason()) > 0) {
        worst = f; // the most specific: a signature that got furthest
      }
    }
    if (failures.size() == 1) {
      throw worst;
    }
    StringBuilder all = new StringBuilder();
    failures.forEach(f -> all.append(all.isEmpty() ? "" : "; ").append(f.getMessage()));
    throw new CardRejectedException(worst.reason(), all.toString());
  }

  /** Checks one signature entry; returns its kid. */
  private static String check(JsonNode entry, Bytes payload, PublicKey pinned)
      throws CardRejectedException {
    String protectedB64 = entry.path("protected").asText("");
    if (protectedB64.isEmpty()) {
      throw jws("the signature has no protected header");
    }
    if (protectedB64.length() > MAX_HEADER_CHARS) {
      throw jws("the protected header is longer than " + MAX_HEADER_CHARS + " characters");
    }
    JsonNode header;
    try {
      header = Json.parse(decode(protectedB64, "protected header"));
    } catch (JsonFormatException e) {
      throw jws("the protected header is not JSON: " + e.getMessage());
    }
    if (!header.isObject()) {
      throw jws("the protected header is not a JSON object");
    }
    JsonNode alg = header.get("alg");
    if (alg == null || !alg.isTextual()) {
      throw jws("the protected header has no alg");
    }
    if (!ALGS.contains(alg.textValue())) {
      throw new CardRejectedException(
          Reason.UNSUPPORTED_ALG,
          "alg " + alg.textValue() + " is not supported (ap2p cards are signed with EdDSA)");
    }
    if (header.has("crit") || header.has("b64")) {
      throw new CardRejectedException(
          Reason.UNSUPPORTED_ALG,
          "the protected header asks for extensions this verifier does not implement (crit, b64)");
    }
    for (String name : List.of("kid", "typ")) {
      if (!header.path(name).isTextual() || header.get(name).textValue().isEmpty()) {
        throw jws("the protected header has no " + name + " (A2A requires alg, kid and typ)");
      }
    }
    JsonNode unprotected = entry.get("header");
    if (unprotected != null) {
      for (String name : (Iterable<String>) () -> unprotected.fieldNames()) {
        if (header.has(name)) {
          throw jws("header member " + name + " is both protected and unprotected");
        }
      }
    }
    String kid = header.get("kid").textValue();
    Optional<PeerId> kidPeer = peer(kid);
    if (kidPeer.isPresent() && !kidPeer.get().equals(pinned.peerId())) {
      throw new CardRejectedException(
          Reason.WRONG_KEY, "signed by kid " + kid + ", not by the pinned key " + pinned.peerId());
    }
    Bytes signature = Bytes.wrap(decode(entry.path("signature").asText(""), "signature"));
    if (signature.length() != 64) {
      throw jws("an EdDSA signature has 64 bytes, this one " + signature.length());
    }
    try {
      pinned.verifyRaw(CardSigner.signingInput(protectedB64, payload), signature);
      return kid;
    } catch (SignatureVerificationException e) {
      JsonNode digest = header.get(CardSigner.DIGEST_HEADER);
      String actual = CardSigner.B64.encodeToString(CardSigner.sha256(payload));
      if (digest != null && digest.isTextual() && !digest.textValue().equals(actual)) {
        throw new CardRejectedException(
            Reason.CARD_CHANGED,
            "the card changed after it was signed: its canonical form hashes to "
                + actual
                + ", the signature covers "
                + digest.textValue());
      }
      throw new CardRejectedException(
          Reason.BAD_SIGNATURE,
          "the signature does not verify under the pinned key "
              + pinned.peerId()
              + (digest == null ? " (the card may have changed after it was signed)" : ""));
    }
  }

  private static Optional<PeerId> peer(String kid) {
    try {
      return Optional.of(PeerId.parse(kid));
    } catch (KeyFormatException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Strict base64url: the URL alphabet, no padding, no white space. */
  private static byte[] decode(String s, String what) throws CardRejectedException {
    if (s.isEmpty()) {
      throw jws("the " + what + " is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw jws("the " + what + " is not base64url (character " + i + ")");
      }
    }
    try {
      return B64.decode(s);
    } catch (IllegalArgumentException e) {
      throw jws("the " + what + " is not base64url: " + e.getMessage());
    }
  }

  private static CardRejectedException jws(String message) {
    return new CardRejectedException(Reason.MALFORMED_JWS, message);
  }
}
