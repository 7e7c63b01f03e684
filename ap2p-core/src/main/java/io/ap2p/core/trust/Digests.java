package io.ap2p.core.trust;

import io.ap2p.core.wire.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests of task inputs, outputs and receipts. */
public final class Digests {

  private Digests() {}

  /** SHA-256 of {@code data}. */
  public static Bytes sha256(Bytes data) {
    try {
      return Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(data.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
