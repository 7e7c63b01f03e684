package io.ap2p.core.discovery.registry;

import java.util.Optional;

/**
 * Whether one of our descriptors is discoverable right now, as far as the registry told us.
 *
 * @param capabilityId the descriptor
 * @param seq the seq last sent
 * @param registered whether the registry accepted the last sent seq
 * @param expiresAtMillis when the registered copy expires (0 if never registered)
 * @param nextRefreshMillis when the next refresh is due
 * @param lastVerdict the registry's last answer ("ACCEPTED ADDED", "REJECTED QUOTA_EXCEEDED: …")
 */
public record PublishStatus(
    String capabilityId,
    long seq,
    boolean registered,
    long expiresAtMillis,
    long nextRefreshMillis,
    Optional<String> lastVerdict) {

  /** Whether the registry holds an unexpired copy at {@code nowMillis}. */
  public boolean discoverableAt(long nowMillis) {
    return registered && expiresAtMillis > nowMillis;
  }
}
