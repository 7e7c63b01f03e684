package io.ap2p.core.discovery.registry;

import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import java.util.Map;

/** A registry's tenure of its providers as a {@link TrustView} for ranking. */
final class TenureView {

  private TenureView() {}

  /**
   * Each provider's tenure at {@code now}: 0 when {@code firstSeen} does not know it, rising to 1
   * after {@code fullCreditMillis}.
   */
  static TrustView of(long now, Map<PeerId, Long> firstSeen, long fullCreditMillis) {
    return new TrustView() {
      @Override
      public double score(PeerId peer, CapabilityTag tag) {
        Long first = firstSeen.get(peer);
        return first == null ? 0 : Math.min(1.0, (now - first) / (double) fullCreditMillis);
      }

      @Override
      public boolean known(PeerId peer) {
        return firstSeen.containsKey(peer);
      }
    };
  }
}
