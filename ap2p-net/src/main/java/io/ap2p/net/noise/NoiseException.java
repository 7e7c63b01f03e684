package io.ap2p.net.noise;

import java.io.IOException;

/** A Noise handshake that failed: malformed, unauthenticated or with an unacceptable identity. */
public class NoiseException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason. */
  public NoiseException(String message) {
    super(message);
  }

  /** A failure with its reason and cause. */
  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
