package io.ap2p.core.identity;

import io.ap2p.core.wire.Bytes;

/** Signs on behalf of one identity without handing out its private key. */
public interface Signer {

  /** The identity's public key. */
  PublicKey publicKey();

  /** The identity's peer id. */
  default PeerId peerId() {
    return publicKey().peerId();
  }

  /** The 64-byte Ed25519 signature of {@code payload} in {@code domain}. */
  Bytes sign(SignatureDomain domain, Bytes payload);
}
