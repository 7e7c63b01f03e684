package io.ap2p.core.identity;

/** A signature that does not verify under the claimed key and domain. */
public final class SignatureVerificationException extends Exception {

  /** A failure described by {@code message}. */
  public SignatureVerificationException(String message) {
    super(message);
  }
}
