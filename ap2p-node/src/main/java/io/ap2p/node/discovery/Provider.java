package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.runtime.Driver;
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
  public static final Duration RETRY = Duration.ofSeconds(5);

  private final Host host;
  private final Multiaddr registry;
  private final Driver<RegistryPublisher> driver;
  private Driver.Timer timer; // guarded by the driver's lock
  private volatile boolean closed;

  /** A provider publishing through the registry at {@code registry}. */
  public Provider(
      Host host, PrivateKey identity, Multiaddr registry, Clock clock, RandomGenerator random) {
    this.host = host;
    this.registry = registry;
    this.driver =
        new Driver<>(new RegistryPublisher(clock, identity, random, RETRY.toMillis()), clock);
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
    CapabilityDescriptor fin = withAddrs(template, host);
    driver.accept(p -> run(p.publish(fin)));
  }

  /** {@code t} announcing where {@code host} actually listens (with {@code /p2p/}). */
  static CapabilityDescriptor withAddrs(CapabilityDescriptor t, Host host) {
    return new CapabilityDescriptor(
        t.peer(),
        host.listenAddrs().stream().map(a -> a.withPeerId(host.peerId()).toString()).toList(),
        t.id(),
        t.seq(),
        t.issuedAt(),
        t.ttlSeconds(),
        t.intent(),
        t.io(),
        t.constraints(),
        t.state(),
        t.qos(),
        t.verification());
  }

  /** Stops publishing {@code capabilityId} and asks the registry to drop it. */
  @Override
  public void withdraw(String capabilityId) {
    driver.accept(p -> run(p.withdraw(capabilityId)));
  }

  /** What this node publishes and whether each descriptor is discoverable. */
  @Override
  public List<PublishStatus> status() {
    return driver.apply(RegistryPublisher::status);
  }

  /** Runs the publisher's actions; called under the driver's lock. */
  private void run(List<RegistryPublisher.Action> actions) {
    for (RegistryPublisher.Action a : actions) {
      switch (a) {
        case RegistryPublisher.Action.Send s ->
            Thread.ofVirtual().name("publish " + s.capabilityId()).start(() -> send(s));
        case RegistryPublisher.Action.ArmTimer t -> arm(t.atMillis());
      }
    }
  }

  private void arm(long atMillis) {
    if (timer != null) {
      timer.cancel();
    }
    if (closed || atMillis == Long.MAX_VALUE) {
      return;
    }
    long delay = Math.max(0, atMillis - driver.clock().millis());
    timer = driver.after(Duration.ofMillis(delay), p -> run(p.onTimer()));
  }

  private void send(RegistryPublisher.Action.Send s) {
    if (closed) {
      return;
    }
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
          driver.accept(p -> p.onAck(s.capabilityId(), ack));
        }
        return;
      }
      throw new IOException("registry answered " + answer.map(Object::toString).orElse("nothing"));
    } catch (IOException | RuntimeException e) {
      LOG.info(
          () -> s.capabilityId() + ": cannot reach registry " + registry + ": " + e.getMessage());
      if (s.message() instanceof RegistryMessage.Register) {
        driver.accept(p -> run(p.onSendFailed(s.capabilityId())));
      }
    }
  }

  /** Stops refreshing (registered descriptors then expire at the registry by themselves). */
  @Override
  public void close() {
    closed = true;
    driver.accept(
        p -> {
          if (timer != null) {
            timer.cancel();
          }
        });
    driver.close();
  }
}
