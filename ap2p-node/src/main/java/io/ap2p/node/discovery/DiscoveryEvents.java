package io.ap2p.node.discovery;

import io.ap2p.core.discovery.registry.RegistryMessage;

/**
 * What discovery reports as it works, for metrics: the requests a registry served and the answers
 * this node's publisher got. Called on the services' own threads; implementations must return
 * quickly and never throw.
 */
public interface DiscoveryEvents {

  /** Reports nothing. */
  DiscoveryEvents NONE = new DiscoveryEvents() {};

  /**
   * This node's registry answered {@code request} with {@code answer} after {@code nanos}
   * (including the wait for a ranking slot).
   */
  default void registryServed(RegistryMessage request, RegistryMessage answer, long nanos) {}

  /** The registry (or the DHT) answered a registration of {@code capabilityId}. */
  default void publishAnswered(String capabilityId, RegistryMessage.Ack ack) {}

  /**
   * A registration of {@code capabilityId} got no answer: unreachable, BUSY, or the send queue
   * full; it is retried.
   */
  default void publishFailed(String capabilityId) {}
}
