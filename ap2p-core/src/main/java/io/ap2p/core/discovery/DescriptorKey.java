package io.ap2p.core.discovery;

import io.ap2p.core.identity.PeerId;

/**
 * What identifies a descriptor across refreshes: the provider and its capability id.
 *
 * @param peer the provider
 * @param capabilityId the capability id, stable per provider
 */
public record DescriptorKey(PeerId peer, String capabilityId) {

  @Override
  public String toString() {
    return peer.shortForm() + "/" + capabilityId;
  }
}
