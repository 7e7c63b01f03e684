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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Keeps this node's descriptors registered: ap2p-core's {@link RegistryPublisher} re-signs each at
 * about half its TTL (with jitter) and this class carries its sends to a registry peer and its
 * answers back. A refused or failed send is visible in {@link #status()}, never silent.
 *
 * <p>With several registries (a federation), each send goes to the registry that last answered and
 * fails over along the list when it cannot be reached or is busy; a withdrawal goes to every
 * registry. Every {@link #HOLDERS_EVERY} the provider asks each registry which of its descriptors
 * it holds ({@link RegistrySync#holds}), for {@link #holders()}.
 */
public final class Provider implements Publishing {

  private static final Logger LOG = Logger.getLogger(Provider.class.getName());

  /** How soon a failed send is retried. */
  public static final Duration RETRY = PublisherRuntime.RETRY;

  /** How often the registries are asked which descriptors they hold. */
  public static final Duration HOLDERS_EVERY = Duration.ofSeconds(3);

  private final Host host;
  private final List<Multiaddr> registries;
  private final PublisherRuntime runtime;
  private final AtomicInteger current = new AtomicInteger();
  private final Map<String, List<String>> holders = new ConcurrentHashMap<>();
  private volatile Optional<IdentityProofs> proofs = Optional.empty();
  private final ScheduledExecutorService checker =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("holders").factory());

  /** A provider publishing through the registry at {@code registry}. */
  public Provider(
      Host host, PrivateKey identity, Multiaddr registry, Clock clock, RandomGenerator random) {
    this(host, identity, List.of(registry), clock, random);
  }

  /**
   * A provider publishing through the first reachable of {@code registries}, in order of
   * preference.
   */
  public Provider(
      Host host,
      PrivateKey identity,
      List<Multiaddr> registries,
      Clock clock,
      RandomGenerator random) {
    if (registries.isEmpty()) {
      throw new IllegalArgumentException("a provider needs a registry");
    }
    this.host = host;
    this.registries = List.copyOf(registries);
    this.runtime = new PublisherRuntime(host, identity, clock, random, this::send);
    long every = HOLDERS_EVERY.toMillis();
    checker.scheduleWithFixedDelay(this::checkHolders, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Sends {@code p}'s proof with every registration, and when a registry asks for one it does not
   * hold, has it minted and registers again as soon as it is held (docs/discovery.md, "A price on
   * identities"); returns this provider.
   */
  public Provider pricedBy(IdentityProofs p) {
    p.onReady(
        () -> {
          for (PublishStatus st : runtime.status()) {
            if (!st.registered()) {
              runtime.refreshNow(st.capabilityId());
            }
          }
        });
    this.proofs = Optional.of(p);
    return this;
  }

  /** The registry this provider publishes to now. */
  public Multiaddr registry() {
    return registries.get(current.get());
  }

  /** Every registry it may publish to, in order of preference. */
  public List<Multiaddr> registries() {
    return registries;
  }

  @Override
  public String target() {
    if (registries.size() == 1) {
      return registries.get(0).toString();
    }
    return registry() + " (of " + registries.size() + " registries, failing over in order)";
  }

  /**
   * Which registries held the current seq of each descriptor at the last check (capability id →
   * registry addresses); a capability no registry holds maps to an empty list.
   */
  @Override
  public Map<String, List<String>> holders() {
    return Map.copyOf(holders);
  }

  private void checkHolders() {
    List<PublishStatus> st = runtime.status();
    if (st.isEmpty()) {
      return;
    }
    List<String> ids = st.stream().map(PublishStatus::capabilityId).toList();
    Map<String, List<String>> found = new java.util.HashMap<>();
    ids.forEach(id -> found.put(id, new java.util.ArrayList<>()));
    for (Multiaddr r : registries) {
      try {
        for (SyncMessage.Held h : RegistrySync.holds(host, r, ids)) {
          long seq =
              st.stream()
                  .filter(x -> x.capabilityId().equals(h.capabilityId()))
                  .mapToLong(PublishStatus::seq)
                  .findFirst()
                  .orElse(-1);
          if (h.seq() >= seq && found.containsKey(h.capabilityId())) {
            found.get(h.capabilityId()).add(r.toString());
          }
        }
      } catch (IOException | RuntimeException e) {
        // down: it holds nothing as far as this node can tell
      }
    }
    holders.clear();
    found.forEach((id, rs) -> holders.put(id, List.copyOf(rs)));
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

  private void send(RegistryPublisher.Action.Send sent) {
    RegistryPublisher.Action.Send s = withProof(sent);
    if (s.message() instanceof RegistryMessage.Withdraw
        || s.message() instanceof RegistryMessage.Revoke) {
      for (Multiaddr r : registries) {
        sendTo(r, s, true); // tell every registry, not only through the federation
      }
      return;
    }
    int start = current.get();
    for (int i = 0; i < registries.size(); i++) {
      int at = (start + i) % registries.size();
      boolean last = i == registries.size() - 1;
      if (sendTo(registries.get(at), s, last)) {
        current.set(at);
        return;
      }
    }
  }

  /**
   * Sends {@code s} to {@code registry}; true if it answered (not BUSY). A failure is reported to
   * the publisher only when {@code last}.
   */
  private boolean sendTo(Multiaddr registry, RegistryPublisher.Action.Send s, boolean last) {
    try {
      Optional<RegistryMessage> answer =
          RegistryProtocol.PROTOCOL.call(host, registry, s.message());
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
            if (last) {
              runtime.onSendFailed(s.capabilityId()); // overloaded, not refused: retry soon
            }
            return false;
          }
          runtime.onAck(s.capabilityId(), ack);
          askedForProof(s, ack);
        }
        var withdraw = RegistryPublisher.fallback(s.message(), ack);
        if (withdraw.isPresent()) { // the revocation was not kept: withdraw the plain way too
          sendTo(
              registry, new RegistryPublisher.Action.Send(s.capabilityId(), withdraw.get()), last);
        }
        return true;
      }
      throw new IOException("registry answered " + answer.map(Object::toString).orElse("nothing"));
    } catch (IOException | RuntimeException e) {
      LOG.info(
          () -> s.capabilityId() + ": cannot reach registry " + registry + ": " + e.getMessage());
      if (last && s.message() instanceof RegistryMessage.Register) {
        runtime.onSendFailed(s.capabilityId());
      }
      return false;
    }
  }

  /** {@code s} carrying this node's identity proof, if it is a registration and one is held. */
  private RegistryPublisher.Action.Send withProof(RegistryPublisher.Action.Send s) {
    if (s.message() instanceof RegistryMessage.Register r && proofs.isPresent()) {
      var proof = proofs.get().proof();
      if (proof.length() > 0) {
        return new RegistryPublisher.Action.Send(
            s.capabilityId(), new RegistryMessage.Register(r.signedDescriptor(), proof));
      }
    }
    return s;
  }

  /** A registry refused a registration for want of an identity proof: get one, then retry. */
  private void askedForProof(RegistryPublisher.Action.Send s, RegistryMessage.Ack ack) {
    if (ack.identityBits() == 0 || ack.status() != RegistryMessage.Status.REJECTED) {
      return;
    }
    String capabilityId = s.capabilityId();
    if (proofs.isEmpty()) {
      LOG.info(() -> capabilityId + ": the registry requires an identity proof; none configured");
      return;
    }
    boolean sentNone = ((RegistryMessage.Register) s.message()).identityProof().length() == 0;
    if (proofs.get().ask(ack.identityBits()) == IdentityProofs.Asked.HELD && sentNone) {
      // minted since this send left: send it now (once: the next send carries it, so a registry
      // that keeps asking cannot make this node re-sign in a loop)
      runtime.refreshNow(capabilityId);
    }
  }

  @Override
  public void events(DiscoveryEvents e) {
    runtime.events(e);
  }

  /** Stops refreshing (registered descriptors then expire at the registry by themselves). */
  @Override
  public void close() {
    checker.shutdownNow();
    proofs.ifPresent(IdentityProofs::close);
    runtime.close();
  }
}
