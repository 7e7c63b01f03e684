package io.ap2p.net.noise;

import io.ap2p.core.identity.PeerId;

/** The remote authenticated as a different peer than the dialled address named. */
public final class PeerIdMismatchException extends NoiseException {
  private static final long serialVersionUID = 1L;

  /** The mismatch between {@code expected} and {@code actual}. */
  public PeerIdMismatchException(PeerId expected, PeerId actual) {
    super("peer id mismatch: dialled " + expected + " but the remote is " + actual);
  }
}
