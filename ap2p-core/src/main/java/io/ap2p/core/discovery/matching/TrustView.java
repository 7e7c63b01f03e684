package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;

/** The requester's own opinion of providers, as the ranking sees it. */
public interface TrustView {

  /**
   * Trust in {@code peer} for {@code tag}, from -1 (caught misbehaving) through 0 (no evidence: a
   * newcomer) to 1 (full).
   */
  double score(PeerId peer, CapabilityTag tag);

  /** Whether the requester has any evidence about {@code peer} at all. */
  boolean known(PeerId peer);

  /** A view with no evidence about anyone: every peer a newcomer at score 0. */
  TrustView NONE =
      new TrustView() {
        @Override
        public double score(PeerId peer, CapabilityTag tag) {
          return 0;
        }

        @Override
        public boolean known(PeerId peer) {
          return false;
        }
      };
}
