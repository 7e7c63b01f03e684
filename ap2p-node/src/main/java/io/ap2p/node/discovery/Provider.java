package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Keeps this node's descriptors registered: ap2p-core's {@link RegistryPublisher} re-signs each at
 * about half its TTL (with jitter) and this class carries its sends to the registry peer and its
 * answers back. A refused or failed send is visible in {@link #status()}, never silent.
 */
public final class Provider implements Publishing {

  private static final Logger LOG = Logger.getLogger(Provider.class.getName());

  /** How soon a failed send is retried. */
  public static final Duration RETRY = PublisherRuntime.RETRY;

  private final Host host;
  private final Multiaddr registry;
  private final PublisherRuntime runtime;

  /** A provider publishing through the registry at {@code registry}. */
  public Provider(
      Host host, PrivateKey identity, Multiaddr registry, Clock clock, RandomGenerator random) {
    this.host = host;
    this.registry = registry;
    this.runtime = new PublisherRuntime(host, identity, clock, random, this::send);
  }

  /** The registry this provider publishes to. */
  public Multiaddr registry() {
    return registry;
  }

  @Override
  public String target() {
    return registry.toString();
  }

  /**
   * Starts publishing {@code template}, signed now and refreshed until {@link #withdraw} or close.
   * The descriptor announces where the host actually listens (with {@code /p2p/}), whatever
   * addresses the template held.
   */
  @Override
  public void publish(CapabilityDescriptor template) {
    runtime.publish(template);
  }

  /** Stops publishing {@code capabilityId} and asks the registry to drop it. */
  @Override
  public void withdraw(String capabilityId) {
    runtime.withdraw(capabilityId);
  }

  /** What this node publishes and whether each descriptor is discoverable. */
  @Override
  public List<PublishStatus> status() {
    return runtime.status();
  }

  private void send(RegistryPublisher.Action.Send s) {
    try {
      Optional<RegistryMessage> answer =
          RegistryProtocol.PROTOCOL.call(host.connect(registry), s.message());
      if (answer.orElse(null) instanceof RegistryMessage.Ack ack) {
        if (ack.status() != RegistryMessage.Status.ACCEPTED) {
          LOG.info(
              () ->
                  s.capabilityId()
                      + ": registry answered "
                      + ack.status()
                      + " "
                      + ack.reason()
                      + " "
                      + ack.detail());
        }
        if (s.message() instanceof RegistryMessage.Register) {
          if (ack.reason().equals(RegistryService.BUSY.reason())) {
            runtime.onSendFailed(s.capabilityId()); // overloaded, not refused: retry soon
          } else {
            runtime.onAck(s.capabilityId(), ack);
          }
        }
        return;
      }
      throw new IOException("registry answered " + answer.map(Object::toString).orElse("nothing"));
    } catch (IOException | RuntimeException e) {
      LOG.info(
          () -> s.capabilityId() + ": cannot reach registry " + registry + ": " + e.getMessage());
      if (s.message() instanceof RegistryMessage.Register) {
        runtime.onSendFailed(s.capabilityId());
      }
    }
  }

  /** Stops refreshing (registered descriptors then expire at the registry by themselves). */
  @Override
  public void events(DiscoveryEvents e) {
    runtime.events(e);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
