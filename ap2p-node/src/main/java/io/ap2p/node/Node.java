package io.ap2p.node;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.time.Clock;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.DhtProvider;
import io.ap2p.node.discovery.DhtService;
import io.ap2p.node.discovery.Provider;
import io.ap2p.node.discovery.Publishing;
import io.ap2p.node.discovery.RegistryService;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running ap2p node: the libp2p host plus the discovery services its options ask for (serving a
 * registry, publishing descriptors to one) and the local API.
 */
public final class Node implements AutoCloseable {

  /**
   * How long this node keeps a provider record it is given in DHT mode: past the default descriptor
   * TTL (60 s), so records of providers that keep republishing at half their TTL stay up, and those
   * of providers that stopped vanish within this bound.
   */
  public static final Duration RECORD_TTL = Duration.ofSeconds(90);

  private final NodeOptions options;
  private final Clock clock;
  private final Host host;
  private final Optional<RegistryService> registry;
  private final Optional<Publishing> provider;
  private final Optional<DhtService> dht;
  private volatile Optional<LocalApi> api = Optional.empty();

  private Node(
      NodeOptions options,
      Clock clock,
      Host host,
      Optional<RegistryService> registry,
      Optional<Publishing> provider,
      Optional<DhtService> dht) {
    this.options = options;
    this.clock = clock;
    this.host = host;
    this.registry = registry;
    this.provider = provider;
    this.dht = dht;
  }

  /**
   * Starts a node; bootstrap dials run in the background and report to {@code log}.
   *
   * @throws IOException if an address cannot be bound or the local API cannot start
   */
  public static Node start(NodeOptions o, Clock clock, Consumer<String> log) throws IOException {
    SecureRandom random = new SecureRandom();
    Host host =
        Host.start(
            new HostConfig(
                o.identity(),
                o.listen(),
                o.agentVersion(),
                io.ap2p.net.host.HostLimits.DEFAULTS,
                clock,
                random));
    try {
      Optional<RegistryService> registry =
          o.serveRegistry()
              ? Optional.of(new RegistryService(host, clock, RegistryLimits.DEFAULTS, random))
              : Optional.empty();
      Optional<Publishing> provider = Optional.empty();
      Optional<DhtService> dht = Optional.empty();
      if (o.discovery() == NodeOptions.Discovery.DHT) {
        AtomicReference<DhtProvider> publisher = new AtomicReference<>();
        DhtService service =
            new DhtService(
                host,
                clock,
                o.kadProtocol(),
                RECORD_TTL,
                () -> publisher.get() == null ? List.of() : publisher.get().served());
        publisher.set(new DhtProvider(host, service, o.identity(), clock, random));
        dht = Optional.of(service);
        provider = Optional.of(publisher.get());
      } else {
        Optional<Multiaddr> target =
            o.registryPeer()
                .or(() -> registry.map(r -> host.listenAddrs().get(0).withPeerId(host.peerId())));
        if (!o.publish().isEmpty() && target.isPresent()) {
          provider = Optional.of(new Provider(host, o.identity(), target.get(), clock, random));
        }
      }
      Node node = new Node(o, clock, host, registry, provider, dht);
      if (o.dataDir().isPresent()) {
        node.api = Optional.of(LocalApi.start(node, o.dataDir().get()));
      }
      for (CapabilityDescriptor d : o.publish()) {
        provider.get().publish(d);
      }
      for (Multiaddr b : o.bootstrap()) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Connection c = host.connect(b);
                    log.accept("connected to bootstrap peer " + c.remotePeer());
                  } catch (IOException e) {
                    log.accept("bootstrap " + b + " failed: " + e.getMessage());
                  }
                });
      }
      return node;
    } catch (IOException | RuntimeException e) {
      host.close();
      throw e;
    }
  }

  /** The libp2p host. */
  public Host host() {
    return host;
  }

  /** The registry this node serves, if it serves one. */
  public Optional<RegistryService> registry() {
    return registry;
  }

  /** The publisher of this node's descriptors, if it publishes. */
  public Optional<Publishing> provider() {
    return provider;
  }

  /** The DHT, in DHT mode. */
  public Optional<DhtService> dht() {
    return dht;
  }

  /** The options it runs with. */
  public NodeOptions options() {
    return options;
  }

  /** The clock it runs on. */
  public Clock clock() {
    return clock;
  }

  /** Stops publishing, serving and listening. */
  @Override
  public void close() {
    api.ifPresent(LocalApi::close);
    provider.ifPresent(Publishing::close);
    dht.ifPresent(DhtService::close);
    registry.ifPresent(RegistryService::close);
    host.close();
  }
}
