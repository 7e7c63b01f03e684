package io.ap2p.core.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 steps shared by ap2p's hashcash-style proofs of work ({@link IdentityProof} and the
 * incentives plane's task stamps): a fresh digest, a counter hashed after a prepared prefix, and
 * the leading zero bits of a hash.
 */
public final class Hashcash {

  private Hashcash() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** SHA-256 of what {@code prefix} has been fed, then {@code counter}; {@code prefix} is kept. */
  public static byte[] digest(MessageDigest prefix, byte[] counter) {
    try {
      MessageDigest md = (MessageDigest) prefix.clone();
      md.update(counter);
      return md.digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
    }
  }

  /** How many leading bits of {@code h} are zero. */
  public static int zeroBits(byte[] h) {
    int n = 0;
    for (byte b : h) {
      if (b == 0) {
        n += 8;
        continue;
      }
      return n + Integer.numberOfLeadingZeros(b & 0xff) - 24;
    }
    return n;
  }
}
