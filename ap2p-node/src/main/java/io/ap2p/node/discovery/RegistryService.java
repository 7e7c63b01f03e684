package io.ap2p.node.discovery;

import io.ap2p.core.discovery.DescriptorCheck;
import io.ap2p.core.discovery.DescriptorKey;
import io.ap2p.core.discovery.DescriptorPolicy;
import io.ap2p.core.discovery.DescriptorValidator;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.VerifiedDescriptors;
import io.ap2p.core.discovery.registry.RegistryLimits;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.RegistryRanking;
import io.ap2p.core.discovery.registry.RegistryServer;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.resource.Refusal;
import io.ap2p.net.runtime.Driver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  private final RegistryRanking rankingConfig;
  private final Clock clock;
  private volatile DiscoveryEvents events = DiscoveryEvents.NONE;
  private final List<Consumer<RegistryMessage.Register>> admitted = new CopyOnWriteArrayList<>();
  private final int identityBits;
  private final List<Consumer<Bytes>> revoked = new CopyOnWriteArrayList<>();

  /**
   * Share of each answer a node's registry gives to matches from beyond the best-ranked, so that
   * identities announcing better than every honest provider cannot fill whole answers (see
   * docs/discovery.md); answers with no more matches than the limit are unaffected.
   */
  public static final double EXPLORE = RegistryRanking.DEFAULTS.explore();

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
    this(host, clock, limits, RegistryRanking.DEFAULTS, random);
  }

  /** Starts serving on {@code host}, ranking answers as {@code ranking} says. */
  public RegistryService(
      Host host,
      Clock clock,
      RegistryLimits limits,
      RegistryRanking ranking,
      RandomGenerator random) {
    this.host = host;
    this.identityBits = limits.identityBits();
    this.rankingConfig = ranking;
    this.clock = clock;
    RegistryServer server =
        new RegistryServer(
            clock,
            new VerifiedDescriptors(
                new DescriptorValidator(clock, DescriptorPolicy.DEFAULTS), 10_000),
            limits,
            ranking.matcher(),
            ranking.exploration(random));
    this.driver = new Driver<>(server, clock);
    // signatures are checked outside the driver's lock, and so are answers to queries with text or
    // several tags (ranked by the full matcher), so a large ranking does not hold up registrations;
    // the rate limit, the table update and one-tag queries (read from the ordered tag index, a
    // fraction of a millisecond) run one at a time
    this.server = server;
    this.check = server.validator();
    RegistryProtocol.PROTOCOL.serve(
        host, (peer, request) -> Optional.of(serve(peer, request)), Optional.of(BUSY));
    driver.every(Duration.ofSeconds(1), RegistryServer::expireDue);
    RegistrySync.serve(host, this);
  }

  /** How this registry ranks its answers. */
  public RegistryRanking ranking() {
    return rankingConfig;
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
    if (request instanceof RegistryMessage.Revoke rv) {
      server.revocations().preverify(peer, rv.signedRevocation()); // signatures outside the lock
    }
    try {
      return switch (driver.apply(s -> s.begin(peer, request))) {
        case RegistryServer.Begun.Reply r -> revoked(request, r.message());
        case RegistryServer.Begun.Judge j -> {
          Verdict<SignedDescriptor> v = check.validate(j.json(), Optional.of(peer));
          RegistryMessage ack = driver.apply(s -> s.admit(peer, j.json(), v));
          if (ack instanceof RegistryMessage.Ack a
              && a.status() == RegistryMessage.Status.ACCEPTED
              && !admitted.isEmpty()) {
            // replication (Federation): with the proof this registry checked and keeps, else the
            // one the publisher sent (a registry asking none checks nothing; replicas do)
            Bytes kept = driver.apply(s -> s.identityProof(peer));
            Bytes proof =
                kept.length() > 0 ? kept : ((RegistryMessage.Register) request).identityProof();
            RegistryMessage.Register replica = new RegistryMessage.Register(j.json(), proof);
            admitted.forEach(l -> l.accept(replica));
          }
          yield ack;
        }
        case RegistryServer.Begun.Rank r -> server.answer(r);
      };
    } finally {
      if (query) {
        ranking.release();
      }
    }
  }

  private RegistryMessage revoked(RegistryMessage request, RegistryMessage answer) {
    if (request instanceof RegistryMessage.Revoke rv
        && answer instanceof RegistryMessage.Ack a
        && a.status() == RegistryMessage.Status.ACCEPTED) {
      revoked.forEach(l -> l.accept(rv.signedRevocation())); // replication (Federation), if any
    }
    return answer;
  }

  /**
   * Calls {@code listener} with each signed revocation a peer sent here directly and the registry
   * took (not those that came from replicas), after it took effect.
   */
  public void onRevoked(Consumer<Bytes> listener) {
    revoked.add(listener);
  }

  /**
   * Takes a signed revocation that came from another replica, with the checks of a direct one
   * (revocations authenticate themselves; the table's bounds hold).
   */
  public RegistryMessage.Ack admitRevocation(Bytes signedRevocation) {
    server.revocations().preverifyReplica(signedRevocation); // outside the lock, always
    return driver.apply(s -> s.revocations().revoke(signedRevocation));
  }

  /**
   * Calls {@code listener} with each descriptor a publisher registered directly here and the
   * registry admitted (not those that came from replicas), after admission, with its signer's
   * identity proof (empty when none is known).
   */
  public void onAdmitted(Consumer<RegistryMessage.Register> listener) {
    admitted.add(listener);
  }

  /** The identity proof bits this registry requires of publishers, 0 when none. */
  public int identityBits() {
    return identityBits;
  }

  /** {@link #admitReplica(Bytes, Bytes)} without an identity proof. */
  public RegistryMessage.Ack admitReplica(Bytes json) {
    return admitReplica(json, Bytes.EMPTY);
  }

  /**
   * Admits a descriptor that came from another replica through the same steps as a direct
   * registration: the signer's rate limit, its identity proof ({@code identityProof}, checked as a
   * direct registration's when this registry asks for one), the validator (signature, time window,
   * size), then the table's seq and quota rules, with the descriptor's signer as the publisher.
   */
  public RegistryMessage.Ack admitReplica(Bytes json, Bytes identityProof) {
    Verdict<SignedDescriptor> v = check.validate(json, Optional.empty());
    if (!(v instanceof Verdict.Accepted<SignedDescriptor> ok)) {
      return (RegistryMessage.Ack) driver.apply(s -> s.admit(host.peerId(), json, v));
    }
    PeerId signer = ok.value().descriptor().peer();
    // a copy of what is held (any mesh peer can send one, as often as it likes) is answered from
    // the table without taking from the signer's rate limit: else replays of a publisher's current
    // descriptor would spend its budget here and its own refreshes would be refused RATE_LIMITED
    Optional<RegistryMessage> held =
        driver.apply(
            s ->
                s.table()
                    .get(ok.value().key())
                    .filter(d -> d.seq() >= ok.value().seq())
                    .map(d -> s.admit(signer, json, v)));
    if (held.isPresent()) {
      return (RegistryMessage.Ack) held.get();
    }
    RegistryMessage.Register r = new RegistryMessage.Register(json, identityProof);
    return switch (driver.apply(s -> s.beginReplica(signer, r))) {
      case RegistryServer.Begun.Judge j ->
          (RegistryMessage.Ack) driver.apply(s -> s.admit(signer, j.json(), v));
      case RegistryServer.Begun.Reply reply -> (RegistryMessage.Ack) reply.message();
      case RegistryServer.Begun.Rank rank -> throw new IllegalStateException("not a query");
    };
  }

  /**
   * How long the key-ordered copy of the table that sync pages are cut from is reused: a page
   * request (anyone may send one) costs a copy and a sort of the whole table only once per this, so
   * a catch-up of N descriptors is one sort, not one per page, and a flood of requests cannot make
   * the registry sort its table over and over. Replicas re-validate what they pull, so a page from
   * a copy this old is as good as a fresh one.
   */
  static final Duration SNAPSHOT_REUSE = Duration.ofSeconds(1);

  private record Snapshot(long takenAt, List<SignedDescriptor> sorted) {}

  private Snapshot snapshot;

  /** The live descriptors in key order, as of at most {@link #SNAPSHOT_REUSE} ago. */
  private synchronized List<SignedDescriptor> sortedSnapshot() {
    long now = clock.millis();
    Snapshot s = snapshot;
    if (s == null || now < s.takenAt() || now - s.takenAt() >= SNAPSHOT_REUSE.toMillis()) {
      List<SignedDescriptor> sorted = new ArrayList<>(driver.apply(t -> t.table().all()));
      sorted.sort(
          Comparator.comparing((SignedDescriptor d) -> d.key().peer())
              .thenComparing(d -> d.key().capabilityId()));
      s = new Snapshot(now, List.copyOf(sorted));
      snapshot = s;
    }
    return s.sorted();
  }

  /** The live descriptors in key order, from {@code offset} on, within the bounds of a page. */
  SyncMessage.Page page(long offset, int maxCount, int maxBytes) {
    List<SignedDescriptor> sorted = sortedSnapshot();
    List<Bytes> out = new ArrayList<>();
    List<PeerId> signers = new ArrayList<>();
    int bytes = 0;
    long i = offset;
    for (; i < sorted.size() && out.size() < maxCount; i++) {
      Bytes b = sorted.get((int) i).toJsonBytes();
      if (bytes + b.length() > maxBytes && !out.isEmpty()) {
        break;
      }
      out.add(b);
      signers.add(sorted.get((int) i).descriptor().peer());
      bytes += b.length();
    }
    // the signers' identity proofs, so a replica that asks for one can check each (none known: the
    // page is as it was before proofs)
    List<Bytes> proofs = driver.apply(s -> signers.stream().map(s::identityProof).toList());
    boolean any = proofs.stream().anyMatch(p -> p.length() > 0);
    return new SyncMessage.Page(out, i >= sorted.size() ? 0 : i, any ? proofs : List.of());
  }

  private record Revocations(long takenAt, List<Bytes> held) {}

  private Revocations revocations;

  /**
   * The signed revocations held, from {@code offset} on, at most {@code maxCount}, cut from one
   * copy reused for {@link #SNAPSHOT_REUSE} (as {@link #page}), for a replica catching up.
   */
  SyncMessage.Page revocationPage(long offset, int maxCount) {
    Revocations r;
    synchronized (this) {
      long now = clock.millis();
      r = revocations;
      if (r == null || now < r.takenAt() || now - r.takenAt() >= SNAPSHOT_REUSE.toMillis()) {
        List<Bytes> held =
            driver.apply(
                t ->
                    t.revocations().held().all().stream()
                        .map(io.ap2p.core.trust.revocation.SignedRevocation::encoded)
                        .toList());
        r = new Revocations(now, held);
        revocations = r;
      }
    }
    int from = (int) Math.min(offset, r.held().size());
    int to = Math.min(r.held().size(), from + maxCount);
    return new SyncMessage.Page(r.held().subList(from, to), to >= r.held().size() ? 0 : to);
  }

  /** Which of {@code ids}, capabilities of {@code peer}, are held, at which seq. */
  SyncMessage.Holds holds(PeerId peer, List<String> ids) {
    return driver.apply(
        s -> {
          List<SyncMessage.Held> held = new ArrayList<>();
          for (String id : ids) {
            s.table()
                .get(new DescriptorKey(peer, id))
                .ifPresent(d -> held.add(new SyncMessage.Held(id, d.seq())));
          }
          return new SyncMessage.Holds(held);
        });
  }

  /** The host it serves on. */
  Host host() {
    return host;
  }

  /** Descriptors held now. */
  public int size() {
    Integer n = driver.apply(s -> s.table().size());
    return n;
  }

  /** Stops serving (the host keeps running). */
  @Override
  public void close() {
    RegistryProtocol.PROTOCOL.unserve(host);
    RegistrySync.PROTOCOL.unserve(host);
    driver.close();
  }
}
