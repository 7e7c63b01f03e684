package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;
import java.security.SecureRandom;

/**
 * An Ed25519 private key. It signs; its bytes leave only through {@link #exportProtobuf()}, an
 * explicit step, and never through {@link #toString()}.
 */
public final class PrivateKey implements Signer {

  private final byte[] seed;
  private final byte[] publicRaw;
  private final PublicKey publicKey;

  private PrivateKey(byte[] seed) {
    Ed25519.init();
    this.seed = seed;
    this.publicRaw = new byte[Ed25519.PUBLIC_KEY_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicRaw, 0);
    this.publicKey = PublicKey.ofRaw(Bytes.of(publicRaw));
  }

  /** A fresh key from {@code random} (injected: pass a {@link SecureRandom} in production). */
  public static PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SEED_BYTES];
    random.nextBytes(seed);
    return new PrivateKey(seed);
  }

  /** The key whose RFC 8032 32-byte seed is {@code seed}. */
  public static PrivateKey fromSeed(Bytes seed) {
    if (seed.length() != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, got " + seed.length());
    }
    return new PrivateKey(seed.toByteArray());
  }

  /**
   * Parses the libp2p protobuf private-key encoding ({@code PrivateKey{Type: Ed25519, Data: seed ‖
   * public key}}).
   *
   * @throws KeyFormatException if the bytes are not such a key or the halves disagree
   */
  public static PrivateKey fromProtobuf(Bytes encoded) throws KeyFormatException {
    Bytes data = KeyProtobuf.decodeEd25519(encoded, KeyProtobuf.Kind.PRIVATE);
    if (data.length() != Ed25519.SEED_BYTES + Ed25519.PUBLIC_KEY_BYTES) {
      throw new KeyFormatException(
          "an Ed25519 private key holds 64 bytes (seed and public key), found " + data.length());
    }
    PrivateKey key = new PrivateKey(data.slice(0, Ed25519.SEED_BYTES).toByteArray());
    if (!key.publicKey.raw().equals(data.slice(Ed25519.SEED_BYTES, data.length()))) {
      throw new KeyFormatException("the private key's public half does not match its seed");
    }
    return key;
  }

  /** The libp2p protobuf private-key encoding: secret material, handle with care. */
  public Bytes exportProtobuf() {
    byte[] data = new byte[Ed25519.SEED_BYTES + Ed25519.PUBLIC_KEY_BYTES];
    System.arraycopy(seed, 0, data, 0, seed.length);
    System.arraycopy(publicRaw, 0, data, seed.length, publicRaw.length);
    return KeyProtobuf.encodePrivateKey(Bytes.wrap(data));
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public Bytes sign(SignatureDomain domain, Bytes payload) {
    return signRaw(domain.frame(payload));
  }

  /** A plain RFC 8032 signature over {@code message}, without a domain (for test vectors). */
  public Bytes signRaw(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
        seed, 0, publicRaw, 0, message, 0, message.length, sig, 0);
    return Bytes.wrap(sig);
  }

  @Override
  public String toString() {
    return "PrivateKey[peer=" + publicKey.peerId() + ", secret=<redacted>]";
  }
}
