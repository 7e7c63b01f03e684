package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;

/**
 * Checks a signature made in a domain under a public key. Real nodes use {@link #ED25519}; the
 * simulator may plug in a cost model for very large runs, behind the same validation code.
 */
@FunctionalInterface
public interface SignatureCheck {

  /** RFC 8032 Ed25519, what every real node uses. */
  SignatureCheck ED25519 = PublicKey::verify;

  /**
   * Verifies {@code signature} over {@code payload} in {@code domain} under {@code key}.
   *
   * @throws SignatureVerificationException if it does not verify
   */
  void verify(PublicKey key, SignatureDomain domain, Bytes payload, Bytes signature)
      throws SignatureVerificationException;
}
