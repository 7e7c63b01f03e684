package io.ap2p.node.discovery;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.kademlia.CapabilityKeys;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.registry.PublishStatus;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryPublisher;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.runtime.Driver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Publishes through the DHT: the same {@link RegistryPublisher} re-signs each descriptor at about
 * half its TTL, and each (re)publication serves the new descriptor over {@value
 * DhtService#DESCRIPTOR_PROTOCOL} and announces a provider record for each of its tags and their
 * parents. "Registered" here means at least one peer took the provider records.
 */
public final class DhtProvider implements Publishing {

  private final DhtService dht;
  private final Driver<RegistryPublisher> driver;
  private final Map<String, SignedDescriptor> served = new ConcurrentHashMap<>();
  private final Host host;
  private Driver.Timer timer; // guarded by the driver's lock
  private volatile boolean closed;

  /** A DHT publisher for {@code identity}'s descriptors. */
  public DhtProvider(
      Host host, DhtService dht, PrivateKey identity, Clock clock, RandomGenerator random) {
    this.host = host;
    this.dht = dht;
    this.driver =
        new Driver<>(
            new RegistryPublisher(clock, identity, random, Provider.RETRY.toMillis()), clock);
  }

  /** This node's current descriptors, as served to askers. */
  public List<SignedDescriptor> served() {
    return List.copyOf(served.values());
  }

  @Override
  public String target() {
    return "dht " + dht.protocol();
  }

  @Override
  public void publish(CapabilityDescriptor template) {
    CapabilityDescriptor t = Provider.withAddrs(template, host);
    driver.accept(p -> run(p.publish(t)));
  }

  @Override
  public void withdraw(String capabilityId) {
    served.remove(capabilityId);
    driver.accept(p -> p.withdraw(capabilityId)); // provider records expire by themselves
  }

  @Override
  public List<PublishStatus> status() {
    return driver.apply(RegistryPublisher::status);
  }

  private void run(List<RegistryPublisher.Action> actions) {
    for (RegistryPublisher.Action a : actions) {
      switch (a) {
        case RegistryPublisher.Action.Send s -> {
          if (s.message() instanceof RegistryMessage.Register) {
            driver
                .apply(p -> p.current(s.capabilityId()))
                .ifPresent(
                    sd -> {
                      served.put(s.capabilityId(), sd);
                      Thread.ofVirtual().start(() -> announce(s.capabilityId(), sd));
                    });
          }
        }
        case RegistryPublisher.Action.ArmTimer t -> arm(t.atMillis());
      }
    }
  }

  private void announce(String id, SignedDescriptor sd) {
    if (closed) {
      return;
    }
    Set<Bytes> keys = new LinkedHashSet<>();
    for (CapabilityTag tag : sd.descriptor().intent().tags()) {
      keys.addAll(CapabilityKeys.withParents(tag));
    }
    List<CompletableFuture<DhtClient.Result>> all = new ArrayList<>();
    for (Bytes k : keys) {
      all.add(dht.announce(k));
    }
    int told = 0;
    for (CompletableFuture<DhtClient.Result> f : all) {
      try {
        told = Math.max(told, f.get(60, java.util.concurrent.TimeUnit.SECONDS).providers().size());
      } catch (Exception e) {
        // counted as nobody told
      }
    }
    if (told > 0) {
      RegistryMessage.Ack ack =
          new RegistryMessage.Ack(
              RegistryMessage.Status.ACCEPTED,
              "ANNOUNCED",
              "provider records with " + told + " peer(s)",
              sd.descriptor().expiresAtMillis());
      driver.accept(p -> p.onAck(id, ack));
    } else {
      driver.accept(p -> run(p.onSendFailed(id)));
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
