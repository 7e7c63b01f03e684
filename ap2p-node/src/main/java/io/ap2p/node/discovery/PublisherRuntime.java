package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Host;
import io.ap2p.net.runtime.BoundedExecutor;
import io.ap2p.net.runtime.Driver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs ap2p-core's {@link RegistryPublisher} in real time for either discovery mode: its re-signing
 * timer, its status, and its sends, which go to {@code sink} (to a registry, or onto the DHT). The
 * sink reports back with {@link #onAck} or {@link #onSendFailed}.
 *
 * <p>Sends are bounded: at most {@link #SENDERS} run at once, and per capability only the newest
 * waiting send is kept (a newer one replaces it), so a slow registry or DHT costs a fixed number of
 * threads however many descriptors and refreshes pile up. A send that finds the queue full fails at
 * once and is retried after {@link #RETRY}.
 */
final class PublisherRuntime implements AutoCloseable {

  /** How soon a failed send is retried. */
  static final Duration RETRY = Duration.ofSeconds(5);

  /** Sends running at once. */
  static final int SENDERS = 4;

  /** Capabilities with a send waiting, at most. */
  static final int WAITING = 1024;

  private final Host host;
  private final Driver<RegistryPublisher> driver;
  private final Consumer<RegistryPublisher.Action.Send> sink;
  private final BoundedExecutor senders = new BoundedExecutor("publish", SENDERS, WAITING);
  // the newest send waiting per capability; a newer one replaces it before it runs
  private final Map<String, RegistryPublisher.Action.Send> waiting = new ConcurrentHashMap<>();
  private Driver.Timer timer; // guarded by the driver's lock
  private volatile DiscoveryEvents events = DiscoveryEvents.NONE;
  private volatile boolean closed;

  PublisherRuntime(
      Host host,
      PrivateKey identity,
      Clock clock,
      RandomGenerator random,
      Consumer<RegistryPublisher.Action.Send> sink) {
    this.host = host;
    this.sink = sink;
    this.driver =
        new Driver<>(new RegistryPublisher(clock, identity, random, RETRY.toMillis()), clock);
  }

  /** Starts publishing {@code template}, announcing where the host actually listens. */
  void publish(CapabilityDescriptor template) {
    CapabilityDescriptor t = withAddrs(template, host);
    driver.accept(p -> run(p.publish(t)));
  }

  /** Stops publishing {@code capabilityId} (a registry is also asked to drop it). */
  void withdraw(String capabilityId) {
    driver.accept(p -> run(p.withdraw(capabilityId)));
  }

  List<PublishStatus> status() {
    return driver.apply(RegistryPublisher::status);
  }

  Optional<SignedDescriptor> current(String capabilityId) {
    return driver.apply(p -> p.current(capabilityId));
  }

  void events(DiscoveryEvents e) {
    this.events = java.util.Objects.requireNonNull(e);
  }

  void onAck(String capabilityId, RegistryMessage.Ack ack) {
    events.publishAnswered(capabilityId, ack);
    driver.accept(p -> p.onAck(capabilityId, ack));
  }

  /** Re-signs and sends {@code capabilityId} now (what the registry refused has been put right). */
  void refreshNow(String capabilityId) {
    driver.accept(p -> run(p.refreshNow(capabilityId)));
  }

  void onSendFailed(String capabilityId) {
    events.publishFailed(capabilityId);
    driver.accept(p -> run(p.onSendFailed(capabilityId)));
  }

  boolean closed() {
    return closed;
  }

  /** {@code t} announcing where {@code host} actually listens (with {@code /p2p/}). */
  static CapabilityDescriptor withAddrs(CapabilityDescriptor t, Host host) {
    return t.withAddrs(
        host.listenAddrs().stream().map(a -> a.withPeerId(host.peerId()).toString()).toList());
  }

  /** Carries out the publisher's actions; called under the driver's lock. */
  private void run(List<RegistryPublisher.Action> actions) {
    for (RegistryPublisher.Action a : actions) {
      switch (a) {
        case RegistryPublisher.Action.Send s -> {
          if (!closed) {
            enqueue(s);
          }
        }
        case RegistryPublisher.Action.ArmTimer t -> arm(t.atMillis());
      }
    }
  }

  /** Queues {@code s}, replacing a send of the same capability that has not started yet. */
  private void enqueue(RegistryPublisher.Action.Send s) {
    String id = s.capabilityId();
    if (waiting.put(id, s) != null) {
      return; // its task is queued already and will take this newer send
    }
    if (!senders.trySubmit(() -> sendWaiting(id)) && !closed) {
      waiting.remove(id);
      events.publishFailed(id);
      // called under the driver's lock: report the failure after it, as a sink would
      driver.after(Duration.ZERO, p -> run(p.onSendFailed(id)));
    }
  }

  private void sendWaiting(String id) {
    RegistryPublisher.Action.Send s = waiting.remove(id);
    if (s != null && !closed) {
      sink.accept(s);
    }
  }

  /** Sends waiting and running now (for tests and status). */
  int pendingSends() {
    return senders.waiting() + senders.running();
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

  /** Stops the timer; nothing more is sent. */
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
    senders.close();
  }
}
