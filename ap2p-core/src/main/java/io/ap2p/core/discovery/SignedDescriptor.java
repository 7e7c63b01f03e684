package io.ap2p.core.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.identity.Ed25519;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.Jcs;
import io.ap2p.core.wire.Json;
import java.io.IOException;
import java.util.Base64;

/**
 * A capability descriptor with its provider's signature over the canonical (RFC 8785) bytes of its
 * unsigned JSON form.
 *
 * @param descriptor the signed content
 * @param canonical the RFC 8785 bytes that were signed (the JSON without {@code sig})
 * @param signature the Ed25519 signature in the descriptor domain
 */
public record SignedDescriptor(CapabilityDescriptor descriptor, Bytes canonical, Bytes signature) {

  /** Checks the signature length; validity is checked by {@link DescriptorValidator}. */
  public SignedDescriptor {
    if (signature.length() != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a descriptor signature has 64 bytes");
    }
  }

  /** The signature as it travels in JSON: base64url without padding. */
  public String signatureText() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.toByteArray());
  }

  /** The wire form: canonical JSON including the {@code sig} member. */
  public Bytes toJsonBytes() {
    return Jcs.canonicalize(toTree());
  }

  /** The JSON tree including the {@code sig} member. */
  public ObjectNode toTree() {
    try {
      ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(canonical.toByteArray());
      tree.put(DescriptorJson.SIGNATURE_MEMBER, signatureText());
      return tree;
    } catch (IOException e) {
      throw new IllegalStateException("canonical bytes are JSON by construction", e);
    }
  }

  /** Shorthand for the descriptor's key. */
  public DescriptorKey key() {
    return descriptor.key();
  }

  /** Shorthand for the descriptor's seq. */
  public long seq() {
    return descriptor.seq();
  }

  @Override
  public String toString() {
    return "SignedDescriptor[" + key() + " seq=" + seq() + "]";
  }
}
