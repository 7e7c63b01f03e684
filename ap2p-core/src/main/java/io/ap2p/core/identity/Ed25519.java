package io.ap2p.core.identity;

/**
 * Sizes and the one-time setup of the Ed25519 implementation (RFC 8032, BouncyCastle's {@code
 * math.ec.rfc8032}, chosen because it verifies about seven times faster than the JDK's provider on
 * our machines).
 */
public final class Ed25519 {

  /** Public key length. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Private key (seed) length. */
  public static final int SEED_BYTES = 32;

  /** Signature length. */
  public static final int SIGNATURE_BYTES = 64;

  static {
    org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
  }

  private Ed25519() {}

  /** Ensures the precomputed tables are built (idempotent; call at start-up to warm). */
  public static void init() {
    // the static initializer does the work
  }
}
