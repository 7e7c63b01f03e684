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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Publishes through the DHT: the same {@link RegistryPublisher} re-signs each descriptor at about
 * half its TTL, and each (re)publication serves the new descriptor over {@value
 * DhtService#DESCRIPTOR_PROTOCOL} and announces a provider record for each of its tags and their
 * parents. "Registered" here means the records were sent to at least one peer (ADD_PROVIDER has no
 * answer in kad-dht).
 */
public final class DhtProvider implements Publishing {

  /** How long one publication may take to announce all its keys. */
  static final java.time.Duration ANNOUNCE_TIMEOUT = java.time.Duration.ofSeconds(60);

  private final DhtService dht;
  private final PublisherRuntime runtime;
  private final Map<String, SignedDescriptor> served = new ConcurrentHashMap<>();

  /** A DHT publisher for {@code identity}'s descriptors. */
  public DhtProvider(
      Host host, DhtService dht, PrivateKey identity, Clock clock, RandomGenerator random) {
    this.dht = dht;
    this.runtime = new PublisherRuntime(host, identity, clock, random, this::send);
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
    runtime.publish(template);
  }

  @Override
  public void withdraw(String capabilityId) {
    served.remove(capabilityId);
    runtime.withdraw(capabilityId); // provider records expire by themselves
  }

  @Override
  public List<PublishStatus> status() {
    return runtime.status();
  }

  private void send(RegistryPublisher.Action.Send s) {
    if (!(s.message() instanceof RegistryMessage.Register)) {
      return; // a withdrawal: nothing to tell the DHT
    }
    String id = s.capabilityId();
    SignedDescriptor sd = runtime.current(id).orElse(null);
    if (sd == null) {
      return;
    }
    served.put(id, sd);
    Set<Bytes> keys = new LinkedHashSet<>();
    for (CapabilityTag tag : sd.descriptor().intent().tags()) {
      keys.addAll(CapabilityKeys.withParents(tag));
    }
    List<CompletableFuture<DhtClient.Result>> all = new ArrayList<>();
    for (Bytes k : keys) {
      all.add(dht.announce(k));
    }
    // one deadline for every key (their lookups run in parallel), not one per key in turn
    try {
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
          .get(ANNOUNCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // counted below: an unfinished or failed key means nobody was told for it
    }
    int told = Integer.MAX_VALUE;
    for (CompletableFuture<DhtClient.Result> f : all) {
      DhtClient.Result r = f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
      told = Math.min(told, r == null ? 0 : r.providers().size());
    }
    if (runtime.closed()) {
      return;
    }
    if (told > 0 && told != Integer.MAX_VALUE) {
      runtime.onAck(
          id,
          new RegistryMessage.Ack(
              RegistryMessage.Status.ACCEPTED,
              "ANNOUNCED",
              "provider records with " + told + " peer(s)",
              sd.descriptor().expiresAtMillis()));
    } else {
      runtime.onSendFailed(id);
    }
  }

  @Override
  public void events(DiscoveryEvents e) {
    runtime.events(e);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
