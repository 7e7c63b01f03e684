package io.ap2p.sim.run;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.identity.PublicKey;
import io.ap2p.core.identity.SignatureCheck;
import io.ap2p.core.identity.SignatureDomain;
import io.ap2p.core.identity.SignatureVerificationException;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.wire.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The signature cost model of {@code signatures: model}, for runs too large to pay for Ed25519 on
 * every descriptor: a descriptor's 64-byte "signature" is SHA-512 over a model tag, the signer's
 * public key and the domain-framed payload, and checking it recomputes the hash. Everything around
 * it runs unchanged (canonical JSON, parsing, key decoding from the peer id, time checks, the
 * registry and publishers), and a descriptor changed after signing is rejected exactly as with
 * Ed25519. What the model gives up is unforgeability: anyone who knows the public key could compute
 * the tag, which no simulated adversary tries (they sign with their own keys), so no outcome of the
 * scenarios depends on it.
 */
public final class ModelSignatures implements SignatureCheck {

  private static final byte[] TAG =
      "ap2p-sim/signature-model/v1".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest sha512;

  /** A model for one run (not thread-safe: one per run). */
  public ModelSignatures() {
    try {
      this.sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    }
  }

  /** A signer for {@code key}'s identity that makes model signatures. */
  public Signer signer(PrivateKey key) {
    PublicKey pub = key.publicKey();
    PeerId id = key.peerId();
    return new Signer() {
      @Override
      public PublicKey publicKey() {
        return pub;
      }

      @Override
      public PeerId peerId() {
        return id;
      }

      @Override
      public Bytes sign(SignatureDomain domain, Bytes payload) {
        return tag(pub, domain, payload);
      }
    };
  }

  @Override
  public void verify(PublicKey key, SignatureDomain domain, Bytes payload, Bytes signature)
      throws SignatureVerificationException {
    if (!tag(key, domain, payload).equals(signature)) {
      throw new SignatureVerificationException("model signature does not match");
    }
  }

  private Bytes tag(PublicKey key, SignatureDomain domain, Bytes payload) {
    sha512.reset();
    sha512.update(TAG);
    sha512.update(key.raw().toByteArray());
    sha512.update(domain.frame(payload));
    return Bytes.wrap(sha512.digest());
  }
}
