package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.JsonFormatException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Signs descriptors, and turns unsigned templates into descriptors of a given signer. */
public final class DescriptorSigning {

  private DescriptorSigning() {}

  /**
   * Signs {@code descriptor} with {@code signer}.
   *
   * @throws IllegalArgumentException if the descriptor names another peer than the signer
   */
  public static SignedDescriptor sign(CapabilityDescriptor descriptor, Signer signer) {
    if (!descriptor.peer().equals(signer.peerId())) {
      throw new IllegalArgumentException(
          "descriptor names peer " + descriptor.peer() + " but the key is " + signer.peerId());
    }
    Bytes canonical = Jcs.canonicalize(DescriptorJson.encode(descriptor));
    return new SignedDescriptor(
        descriptor, canonical, signer.sign(SignatureDomain.DESCRIPTOR, canonical));
  }

  /**
   * {@code descriptor} with a {@code signature} made over its canonical bytes earlier: the signed
   * form rebuilt from what it was made of (the canonical bytes follow from the descriptor), for
   * holders that keep the descriptor and the signature rather than the bytes. The signature is not
   * checked here; {@link DescriptorValidator} checks signed descriptors that come from others.
   */
  public static SignedDescriptor withSignature(CapabilityDescriptor descriptor, Bytes signature) {
    return new SignedDescriptor(
        descriptor, Jcs.canonicalize(DescriptorJson.encode(descriptor)), signature);
  }

  /**
   * Completes an unsigned template for {@code signer} at time {@code now}: sets {@code peer}, sets
   * {@code issuedAt} to {@code now} (milliseconds), and when the template has no {@code seq} uses
   * {@code now} in epoch milliseconds, so each re-signing supersedes the last. Any old signature is
   * dropped.
   *
   * @throws JsonFormatException naming the JSON path at fault
   */
  public static CapabilityDescriptor fromTemplate(JsonNode template, Signer signer, Instant now)
      throws JsonFormatException {
    if (!template.isObject()) {
      throw new JsonFormatException("$", "a descriptor template must be a JSON object");
    }
    Instant issued = now.truncatedTo(ChronoUnit.MILLIS);
    ObjectNode t = ((ObjectNode) template).deepCopy();
    t.remove(DescriptorJson.SIGNATURE_MEMBER);
    t.put("peer", signer.peerId().toBase58());
    t.put("issuedAt", issued.toString());
    if (!t.has("seq") || t.get("seq").isNull()) {
      t.put("seq", issued.toEpochMilli());
    }
    return DescriptorJson.decode(t);
  }
}
