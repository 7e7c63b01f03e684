package io.ap2p.net.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState (Noise spec §5.1) over the JDK's ChaCha20-Poly1305: a key and a 64-bit
 * counter nonce, encoded as four zero bytes then the counter little-endian (§12.4).
 */
final class CipherState {

  /** Poly1305 tag length. */
  static final int TAG = 16;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  private long n;

  CipherState(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a ChaCha20-Poly1305 key has 32 bytes");
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("the JDK lacks ChaCha20-Poly1305", e);
    }
  }

  /** Encrypts {@code len} bytes of {@code in} at {@code off} into {@code out} at {@code outOff}. */
  int encrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff) {
    init(Cipher.ENCRYPT_MODE, ad);
    try {
      return cipher.doFinal(in, off, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code len} bytes (ciphertext and tag) of {@code in} into {@code
   * out}.
   *
   * @throws AEADBadTagException if the data was tampered with or encrypted under another key or
   *     nonce
   */
  int decrypt(byte[] ad, byte[] in, int off, int len, byte[] out, int outOff)
      throws AEADBadTagException {
    if (len < TAG) {
      throw new AEADBadTagException("ciphertext shorter than its tag");
    }
    init(Cipher.DECRYPT_MODE, ad);
    try {
      return cipher.doFinal(in, off, len, out, outOff);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  byte[] encrypt(byte[] ad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG];
    encrypt(ad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  byte[] decrypt(byte[] ad, byte[] ciphertext) throws AEADBadTagException {
    if (ciphertext.length < TAG) {
      throw new AEADBadTagException("ciphertext shorter than its tag");
    }
    byte[] out = new byte[ciphertext.length - TAG];
    decrypt(ad, ciphertext, 0, ciphertext.length, out, 0);
    return out;
  }

  private void init(int mode, byte[] ad) {
    // §5.1: a nonce of 2^64-1 is reserved; refuse to go further rather than reuse one.
    if (n == -1L) {
      throw new IllegalStateException("Noise nonce space exhausted; the session must be rekeyed");
    }
    long v = n++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (v >>> (8 * i));
    }
    try {
      cipher.init(mode, key, new IvParameterSpec(nonce));
    } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 init failed", e);
    }
    if (ad != null && ad.length > 0) {
      cipher.updateAAD(ad);
    }
  }
}
