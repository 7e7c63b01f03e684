package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;

/** An Ed25519 public key, decoded once so that every verification under it is fast. */
public final class PublicKey {

  private final Bytes raw;
  private final org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point;
  private volatile PeerId peerId; // derived lazily; racy recomputation is harmless

  private PublicKey(Bytes raw, org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point) {
    this.raw = raw;
    this.point = point;
  }

  /**
   * The key whose 32-byte encoding is {@code raw}.
   *
   * @throws IllegalArgumentException if {@code raw} is not a valid curve point encoding
   */
  public static PublicKey ofRaw(Bytes raw) {
    if (raw.length() != Ed25519.PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + raw.length());
    }
    Ed25519.init();
    var point =
        org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(
            raw.toByteArray(), 0);
    if (point == null) {
      throw new IllegalArgumentException("not a valid Ed25519 public key");
    }
    return new PublicKey(raw, point);
  }

  /** The 32-byte RFC 8032 encoding. */
  public Bytes raw() {
    return raw;
  }

  /**
   * Decodes the libp2p protobuf encoding of an Ed25519 public key (what identify and the Noise
   * handshake payload carry).
   *
   * @throws KeyFormatException if it is not a well-formed Ed25519 key
   */
  public static PublicKey fromProtobuf(Bytes encoded) throws KeyFormatException {
    Bytes raw = KeyProtobuf.decodeEd25519(encoded, KeyProtobuf.Kind.PUBLIC);
    try {
      return ofRaw(raw);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException(e.getMessage());
    }
  }

  /** The libp2p protobuf encoding ({@code PublicKey{Type: Ed25519, Data: raw}}). */
  public Bytes protobuf() {
    return KeyProtobuf.encodePublicKey(raw);
  }

  /** The libp2p peer id of this key. */
  public PeerId peerId() {
    PeerId id = peerId;
    if (id == null) {
      id = PeerId.of(this);
      peerId = id;
    }
    return id;
  }

  /**
   * Verifies {@code signature} over {@code payload} in {@code domain}.
   *
   * @throws SignatureVerificationException if it does not verify
   */
  public void verify(SignatureDomain domain, Bytes payload, Bytes signature)
      throws SignatureVerificationException {
    verifyRaw(domain.frame(payload), signature);
  }

  /**
   * Verifies a plain RFC 8032 signature over {@code message}, without a domain (for test vectors
   * and foreign formats).
   *
   * @throws SignatureVerificationException if it does not verify
   */
  public void verifyRaw(byte[] message, Bytes signature) throws SignatureVerificationException {
    if (signature.length() != Ed25519.SIGNATURE_BYTES) {
      throw new SignatureVerificationException(
          "an Ed25519 signature has 64 bytes, got " + signature.length());
    }
    boolean ok =
        org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
            signature.toByteArray(), 0, point, message, 0, message.length);
    if (!ok) {
      throw new SignatureVerificationException("signature does not verify under key " + peerId());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && raw.equals(k.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + raw.toHex() + "]";
  }
}
