package io.ap2p.node.discovery;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.node.trust.RevocationBook;
import java.util.List;

/** Revocations in DHT mode (docs/revocation.md): looked up for the providers a finder found. */
final class DhtRevocations {

  private DhtRevocations() {}

  /** Gives {@code book} the revocations the DHT holds about the providers of {@code found}. */
  static void lookUp(DhtService dht, List<SignedDescriptor> found, RevocationBook book) {
    // the DHT's revocation records come in a later change; the book judges with what it holds
  }
}
