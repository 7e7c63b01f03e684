package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureCheck;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.CanonicalDocument;
import io.ap2p.core.wire.CanonicalJson;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import java.util.Base64;
import java.util.Optional;

/**
 * Judges descriptors received from others: size, syntax, schema version, TTL bounds, time window
 * and signature, cheapest checks first. Never throws on peer input.
 */
public final class DescriptorValidator implements DescriptorCheck {

  private final Clock clock;
  private final DescriptorPolicy policy;
  private final SignatureCheck signatures;

  /** A validator reading time from {@code clock}, applying {@code policy}, checking Ed25519. */
  public DescriptorValidator(Clock clock, DescriptorPolicy policy) {
    this(clock, policy, SignatureCheck.ED25519);
  }

  /**
   * A validator that checks signatures with {@code signatures} (the simulator's cost model for very
   * large runs; real nodes use the two-argument constructor).
   */
  public DescriptorValidator(Clock clock, DescriptorPolicy policy, SignatureCheck signatures) {
    this.clock = clock;
    this.policy = policy;
    this.signatures = signatures;
  }

  /** The policy applied. */
  public DescriptorPolicy policy() {
    return policy;
  }

  /** Judges the JSON bytes of a signed descriptor. */
  public Verdict<SignedDescriptor> validate(Bytes json) {
    return validate(json, Optional.empty());
  }

  /**
   * Judges the JSON bytes of a signed descriptor that {@code sender} (the authenticated remote
   * peer, when known) claims as its own.
   */
  @Override
  public Verdict<SignedDescriptor> validate(Bytes json, Optional<PeerId> sender) {
    if (json.length() > policy.maxBytes()) {
      return Verdict.reject(
          DescriptorReason.OVERSIZE,
          json.length() + " bytes is over the limit of " + policy.maxBytes());
    }
    // Publishers send canonical bytes (RFC 8785): read those in one pass and take the signed bytes
    // straight from them; anything else takes the general path: parse, then canonicalise.
    byte[] bytes = json.toByteArray();
    Optional<CanonicalDocument> doc = CanonicalJson.read(bytes, Json.MAX_DEPTH);
    JsonNode tree;
    try {
      tree = doc.isPresent() ? doc.get().root() : Json.parse(bytes);
    } catch (JsonFormatException e) {
      return Verdict.reject(DescriptorReason.MALFORMED, e.getMessage());
    }
    if (!tree.isObject()) {
      return Verdict.reject(DescriptorReason.MALFORMED, "$: must be a JSON object");
    }
    JsonNode sigNode = tree.get(DescriptorJson.SIGNATURE_MEMBER); // decoding skips it
    Bytes signature;
    try {
      if (sigNode == null || !sigNode.isTextual()) {
        return Verdict.reject(
            DescriptorReason.MISSING_SIGNATURE, "$.sig: the descriptor is not signed");
      }
      signature = Bytes.wrap(Base64.getUrlDecoder().decode(sigNode.textValue()));
    } catch (IllegalArgumentException e) {
      return Verdict.reject(DescriptorReason.MISSING_SIGNATURE, "$.sig: not base64url");
    }
    if (signature.length() != 64) {
      return Verdict.reject(DescriptorReason.MISSING_SIGNATURE, "$.sig: must hold 64 bytes");
    }
    CapabilityDescriptor d;
    try {
      d =
          doc.isPresent()
              ? DescriptorJson.decode(doc.get(), sender)
              : DescriptorJson.decode(tree, sender);
    } catch (DescriptorJson.UnknownSchemaException e) {
      return Verdict.reject(DescriptorReason.UNKNOWN_SCHEMA, e.getMessage());
    } catch (JsonFormatException e) {
      return Verdict.reject(DescriptorReason.MALFORMED, e.getMessage());
    }
    if (sender.isPresent() && !sender.get().equals(d.peer())) {
      return Verdict.reject(
          DescriptorReason.PEER_MISMATCH,
          "descriptor names " + d.peer() + " but was sent by " + sender.get());
    }
    Optional<PublicKey> key = d.peer().publicKey();
    if (key.isEmpty()) {
      return Verdict.reject(
          DescriptorReason.UNSUPPORTED_KEY, "peer " + d.peer() + " does not carry an Ed25519 key");
    }
    Verdict<SignedDescriptor> window = checkWindow(d);
    if (window != null) {
      return window;
    }
    Bytes canonical =
        doc.isPresent()
            ? doc.get().withoutMember(DescriptorJson.SIGNATURE_MEMBER)
            : unsignedCanonical(tree);
    try {
      signatures.verify(key.get(), SignatureDomain.DESCRIPTOR, canonical, signature);
    } catch (SignatureVerificationException e) {
      return Verdict.reject(
          DescriptorReason.BAD_SIGNATURE,
          "signature does not verify under the key of " + d.peer() + " (tampered or wrong key)");
    }
    return Verdict.accept(new SignedDescriptor(d, canonical, signature));
  }

  /** RFC 8785 bytes of a freshly parsed descriptor without its signature (the tree is ours). */
  private static Bytes unsignedCanonical(JsonNode tree) {
    ((ObjectNode) tree).remove(DescriptorJson.SIGNATURE_MEMBER);
    return Jcs.canonicalize(tree);
  }

  /** Re-judges the time window of an already verified descriptor (for holders over time). */
  public Verdict<SignedDescriptor> revalidate(SignedDescriptor sd) {
    Verdict<SignedDescriptor> window = checkWindow(sd.descriptor());
    return window != null ? window : Verdict.accept(sd);
  }

  private Verdict<SignedDescriptor> checkWindow(CapabilityDescriptor d) {
    if (d.ttlSeconds() < policy.minTtlSeconds() || d.ttlSeconds() > policy.maxTtlSeconds()) {
      return Verdict.reject(
          DescriptorReason.TTL_OUT_OF_BOUNDS,
          "ttlSeconds "
              + d.ttlSeconds()
              + " is outside "
              + policy.minTtlSeconds()
              + ".."
              + policy.maxTtlSeconds());
    }
    long now = clock.millis();
    long issued = d.issuedAt().toEpochMilli();
    if (issued > now + policy.maxClockSkewMillis()) {
      return Verdict.reject(
          DescriptorReason.FROM_FUTURE,
          "issued at " + d.issuedAt() + ", more than " + policy.maxClockSkewMillis() + " ms ahead");
    }
    if (d.expiresAtMillis() <= now) {
      return Verdict.reject(DescriptorReason.EXPIRED, "expired at " + d.expiresAt());
    }
    return null;
  }
}
