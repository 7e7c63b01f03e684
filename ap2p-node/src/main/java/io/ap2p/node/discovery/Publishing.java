package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.registry.PublishStatus;
import java.util.List;

/** Keeps this node's descriptors discoverable, through a registry or the DHT. */
public interface Publishing extends AutoCloseable {

  /** Starts publishing {@code template}, signed now and refreshed until withdrawn or closed. */
  void publish(CapabilityDescriptor template);

  /** Stops publishing {@code capabilityId}. */
  void withdraw(String capabilityId);

  /** What this node publishes and whether each descriptor is discoverable. */
  List<PublishStatus> status();

  /**
   * Which registries hold the current version of each descriptor, as last checked (capability id →
   * registry addresses); empty when not known (the DHT).
   */
  default java.util.Map<String, List<String>> holders() {
    return java.util.Map.of();
  }

  /** Where: the registry's address, or {@code dht <protocol>}. */
  String target();

  /** Reports the answers to this publisher's registrations to {@code e} from now on (metrics). */
  default void events(DiscoveryEvents e) {}

  /** Stops refreshing. */
  @Override
  void close();
}
