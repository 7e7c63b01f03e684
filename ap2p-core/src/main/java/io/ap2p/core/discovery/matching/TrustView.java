package io.ap2p.core.discovery.matching;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.identity.PeerId;

/** The requester's own opinion of providers, as the ranking sees it. */
public interface TrustView {

  /** Trust in {@code peer} for {@code tag}, from 0 (none) to 1 (full); newcomers score low. */
  double score(PeerId peer, CapabilityTag tag);

  /** Whether the requester has any evidence about {@code peer} at all. */
  boolean known(PeerId peer);

  /** A view with no evidence about anyone: every peer a newcomer at the neutral score. */
  TrustView NONE =
      new TrustView() {
        @Override
        public double score(PeerId peer, CapabilityTag tag) {
          return 0.5;
        }

        @Override
        public boolean known(PeerId peer) {
          return false;
        }
      };
}
