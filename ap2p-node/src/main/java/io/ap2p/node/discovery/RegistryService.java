package io.ap2p.node.discovery;

import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.VerifiedDescriptors;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.net.host.Host;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.runtime.Driver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Serves {@code /ap2p/registry/1.0.0} on a host: ap2p-core's {@link RegistryServer} behind the
 * runtime's driver (signatures checked and answers ranked outside its lock, on every core), with
 * expired descriptors dropped every second. The publisher of a descriptor is the
 * Noise-authenticated remote peer, never an id inside the payload.
 */
public final class RegistryService implements AutoCloseable {

  private final Driver<RegistryServer> driver;
  private final RegistryServer server;
  private final DescriptorCheck check;
  private final Semaphore ranking =
      new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
  private final Host host;
  private volatile DiscoveryEvents events = DiscoveryEvents.NONE;

  /**
   * Share of each answer a node's registry gives to matches from beyond the best-ranked, so that
   * identities announcing better than every honest provider cannot fill whole answers (see
   * docs/discovery.md); answers with no more matches than the limit are unaffected.
   */
  public static final double EXPLORE = 0.25;

  /**
   * What a peer is answered when the registry cannot take its request now (too many at once on its
   * connection, or queries waiting longer than {@link #RANK_WAIT} to be ranked): a refusal whose
   * reason is {@code BUSY}; providers retry it soon, finders report it.
   */
  public static final RegistryMessage.Ack BUSY =
      new RegistryMessage.Ack(
          RegistryMessage.Status.REJECTED, "BUSY", "too many requests at once; retry later", 0);

  /** How long a query waits for a ranking slot before it is answered {@link #BUSY}. */
  static final Duration RANK_WAIT = Duration.ofSeconds(2);

  /**
   * Starts serving on {@code host}, exploring {@link #EXPLORE} of each answer with {@code random}.
   */
  public RegistryService(Host host, Clock clock, RegistryLimits limits, RandomGenerator random) {
    this.host = host;
    RegistryServer server =
        new RegistryServer(
            clock,
            new VerifiedDescriptors(
                new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS), 10_000),
            limits,
            new Matcher(RankingWeights.DEFAULT),
            new RegistryServer.Exploration(EXPLORE, random));
    this.driver = new Driver<>(server, clock);
    // signatures are checked and answers ranked outside the driver's lock, so both use every core
    // and ranking a large answer does not hold up registrations: only the rate limit, gathering a
    // query's candidates and the table update run one at a time
    this.server = server;
    this.check = server.validator();
    RegistryProtocol.PROTOCOL.serve(
        host, (peer, request) -> Optional.of(serve(peer, request)), Optional.of(BUSY));
    driver.every(Duration.ofSeconds(1), RegistryServer::expireDue);
  }

  /** Reports each request served to {@code e} from now on (metrics). */
  public void events(DiscoveryEvents e) {
    this.events = java.util.Objects.requireNonNull(e);
  }

  private RegistryMessage serve(PeerId peer, RegistryMessage request) {
    long start = System.nanoTime();
    RegistryMessage answer = answer(peer, request);
    events.registryServed(request, answer, System.nanoTime() - start);
    return answer;
  }

  private RegistryMessage answer(PeerId peer, RegistryMessage request) {
    // each query holds a copy of its candidates until it is ranked: at most one per core at once,
    // so a flood of queries waits here (a bounded time) instead of filling the heap with copies
    boolean query = request instanceof RegistryMessage.Find;
    if (query) {
      try {
        if (!ranking.tryAcquire(RANK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          host.refusals().add(Refusal.BUSY);
          return BUSY;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return BUSY;
      }
    }
    try {
      return switch (driver.apply(s -> s.begin(peer, request))) {
        case RegistryServer.Begun.Reply r -> r.message();
        case RegistryServer.Begun.Judge j -> {
          Verdict<SignedDescriptor> v = check.validate(j.json(), Optional.of(peer));
          yield driver.apply(s -> s.admit(peer, j.json(), v));
        }
        case RegistryServer.Begun.Rank r -> server.answer(r);
      };
    } finally {
      if (query) {
        ranking.release();
      }
    }
  }

  /** Descriptors held now. */
  public int size() {
    Integer n = driver.apply(s -> s.table().size());
    return n;
  }

  /** Stops serving (the host keeps running). */
  @Override
  public void close() {
    host.unhandle(RegistryProtocol.PROTOCOL.protocol());
    driver.close();
  }
}
