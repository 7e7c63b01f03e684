package io.ap2p.net.host;

import io.ap2p.net.noise.NoiseException;
import io.ap2p.net.noise.PeerIdMismatchException;
import io.ap2p.net.transport.NegotiationException;
import io.ap2p.net.transport.ProtocolViolationException;
import java.util.Locale;

/** Why a connection's upgrade failed; {@link #label()} is its metric label. */
public enum HandshakeFailure {
  /** The remote did not send its first message, or did not finish, in time. */
  TIMEOUT,
  /** An unfinished inbound handshake closed to make room for a newer one. */
  EVICTED,
  /** Authenticated, then refused by a connection cap (per peer or per IP). */
  REFUSED,
  /** The remote authenticated as another peer than the one dialled. */
  PEER_ID_MISMATCH,
  /** The Noise handshake failed (bad payload, bad signature, decryption failure). */
  SECURITY,
  /** The remote supports none of the security or muxer protocols offered. */
  NEGOTIATION,
  /** The remote broke multistream-select or a frame limit. */
  PROTOCOL,
  /** The socket failed or closed mid-handshake. */
  IO;

  /** The lower-case label, such as {@code peer_id_mismatch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The failure {@code e} stands for; {@code evicted} if the admission closed the socket. */
  static HandshakeFailure of(Throwable e, boolean evicted) {
    if (evicted) {
      return EVICTED;
    }
    return switch (e) {
      case Upgrader.Expired x -> TIMEOUT;
      case java.net.SocketTimeoutException x -> TIMEOUT;
      case CapRefused x -> REFUSED;
      case PeerIdMismatchException x -> PEER_ID_MISMATCH;
      case NoiseException x -> SECURITY;
      case NegotiationException x -> NEGOTIATION;
      case ProtocolViolationException x -> PROTOCOL;
      default -> IO;
    };
  }
}
