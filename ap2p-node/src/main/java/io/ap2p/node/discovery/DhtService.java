package io.ap2p.node.discovery;

import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.kademlia.DhtClient;
import io.ap2p.core.discovery.kademlia.DhtServer;
import io.ap2p.core.discovery.kademlia.KadCodec;
import io.ap2p.core.discovery.kademlia.KadKey;
import io.ap2p.core.discovery.kademlia.KadLimits;
import io.ap2p.core.discovery.kademlia.KadMessage;
import io.ap2p.core.discovery.kademlia.KadPeer;
import io.ap2p.core.discovery.kademlia.ProviderStore;
import io.ap2p.core.discovery.kademlia.RoutingTable;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.Matcher;
import io.ap2p.core.discovery.matching.RankingWeights;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.multiaddr.MultiaddrException;
import io.ap2p.net.runtime.BoundedExecutor;
import io.ap2p.net.runtime.Driver;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.net.transport.LengthPrefixed;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The Kademlia DHT on a real node: ap2p-core's routing table, lookups ({@link DhtClient}), request
 * handler ({@link DhtServer}) and provider store behind one driver, speaking the libp2p kad-dht
 * wire format on a configurable protocol id (default {@value #DEFAULT_PROTOCOL}, a private DHT).
 * Also serves {@value #DESCRIPTOR_PROTOCOL}: a provider answers a query with its own signed
 * descriptors, so the DHT holds only provider records and the descriptor comes from its signer.
 */
public final class DhtService implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DhtService.class.getName());

  /** The default kad protocol id: ap2p's own DHT, apart from the public IPFS one. */
  public static final String DEFAULT_PROTOCOL = "/ap2p/kad/1.0.0";

  /** Fetch a provider's descriptors: a registry {@code Find} in, a {@code Found} out. */
  public static final String DESCRIPTOR_PROTOCOL = "/ap2p/descriptor/1.0.0";

  /** Replication factor and bucket size. */
  public static final int K = 20;

  /** Lookup concurrency. */
  public static final int ALPHA = 3;

  /** How long one DHT request may take. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Outgoing kad requests in flight at once, and waiting beyond those. */
  static final int MAX_SENDING = 32;

  static final int MAX_WAITING = 512;

  private static final RequestResponse<RegistryMessage, RegistryMessage> DESCRIPTORS =
      new RequestResponse<>(
          DESCRIPTOR_PROTOCOL, RegistryProtocol.CODEC, RegistryProtocol.CODEC, REQUEST_TIMEOUT);

  /** Everything the driver serialises. */
  static final class State {
    final RoutingTable table;
    final DhtClient client;
    final DhtServer server;
    final ProviderStore store;
    final Map<Long, CompletableFuture<DhtClient.Result>> ops = new HashMap<>();

    State(RoutingTable table, DhtClient client, DhtServer server, ProviderStore store) {
      this.table = table;
      this.client = client;
      this.server = server;
      this.store = store;
    }
  }

  private final Host host;
  private final String protocol;
  private final KadCodec codec = new KadCodec(KadLimits.DEFAULTS);
  private final Driver<State> driver;
  private final Supplier<List<SignedDescriptor>> local;
  private final Matcher matcher = new Matcher(RankingWeights.DEFAULT);
  private final boolean serverMode;
  private final BoundedExecutor sends = new BoundedExecutor("kad", MAX_SENDING, MAX_WAITING);
  private volatile boolean closed;
  private final DhtRevocations revocations;

  /**
   * Checks revocations on this service's clock (never the wall clock: tests and sims inject it).
   */
  io.ap2p.core.trust.revocation.RevocationValidator revocationValidator() {
    return revocations.validator();
  }

  /**
   * Starts the DHT on {@code host}.
   *
   * @param recordTtl how long this node keeps a provider record it is given
   * @param local this node's own current descriptors, served over {@value #DESCRIPTOR_PROTOCOL}
   */
  public DhtService(
      Host host,
      Clock clock,
      String protocol,
      Duration recordTtl,
      Supplier<List<SignedDescriptor>> local) {
    this(host, clock, protocol, recordTtl, local, true);
  }

  /**
   * Starts the DHT on {@code host}, as a server (answers kad requests and advertises the protocol,
   * so others add it to their routing tables) or as a client only (asks, never answers: what a
   * short-lived or unreachable peer such as {@code ap2p find} should be, so it does not leave a
   * dead entry in everyone's table).
   */
  public DhtService(
      Host host,
      Clock clock,
      String protocol,
      Duration recordTtl,
      Supplier<List<SignedDescriptor>> local,
      boolean serverMode) {
    this.host = host;
    this.protocol = protocol;
    this.local = local;
    RoutingTable table = new RoutingTable(host.peerId(), K);
    this.revocations = new DhtRevocations(clock, host.peerId(), this::near);
    ProviderStore store = new ProviderStore(clock, ProviderStore.Limits.DEFAULTS);
    List<Bytes> selfAddrs = host.listenAddrs().stream().map(Multiaddr::toBytes).toList();
    DhtClient client = new DhtClient(table, ALPHA, selfAddrs);
    DhtServer server = new DhtServer(table, store, this::addrsOf, key -> recordTtl.toMillis());
    this.driver = new Driver<>(new State(table, client, server, store), clock);
    this.serverMode = serverMode;
    if (serverMode) {
      host.handle(protocol, this::serve);
      DESCRIPTORS.serve(host, this::answerDescriptors);
    }
    host.onIdentified(
        (c, r) -> {
          // only DHT servers that can be dialled back belong in a routing table
          if (r.protocols().contains(protocol) && !r.listenAddrs().isEmpty()) {
            driver.accept(
                s -> {
                  boolean first = s.table.size() == 0;
                  if (s.table.observe(c.remotePeer()) == RoutingTable.Insert.ADDED && first) {
                    // joining: look ourselves up, so our neighbourhood learns of us and we of it
                    start(st -> st.client.closest(host.peerId().multihash()));
                  }
                });
          }
        });
    driver.every(Duration.ofSeconds(10), s -> s.store.expireDue());
  }

  /** The kad protocol id in use. */
  public String protocol() {
    return protocol;
  }

  /**
   * Whether this node is among the {@value #NEAR} peers closest to {@code key} that its routing
   * table knows (twice k: a margin for tables that differ from a publisher's lookup).
   */
  boolean near(Bytes key) {
    Boolean near =
        driver.apply(
            s -> {
              KadKey target = KadKey.of(key);
              List<PeerId> closer = s.table.closest(target, NEAR);
              return closer.size() < NEAR
                  || target.compareDistance(s.table.selfKey(), s.table.keyOf(closer.get(NEAR - 1)))
                      < 0;
            });
    return near;
  }

  /** How many of the closest peers to a key a revocation holder may be, as far as it knows. */
  static final int NEAR = 2 * K;

  /** Peers in the routing table. */
  public int routingTableSize() {
    Integer n = driver.apply(s -> s.table.size());
    return n;
  }

  /** Provider records held for others. */
  public int providerRecords() {
    Integer n = driver.apply(s -> s.store.size());
    return n;
  }

  /** Announces this node as a provider of {@code key} to the k closest peers. */
  public CompletableFuture<DhtClient.Result> announce(Bytes key) {
    return start(s -> s.client.announce(key));
  }

  /** Finds up to {@code want} providers of {@code key}. */
  public CompletableFuture<DhtClient.Result> providers(Bytes key, int want) {
    return start(s -> s.client.providers(key, want));
  }

  /** Finds the peers closest to {@code key}. */
  public CompletableFuture<DhtClient.Result> closest(Bytes key) {
    return start(s -> s.client.closest(key));
  }

  /**
   * Asks {@code provider} for its descriptors matching {@code query}; only descriptors signed by
   * that provider are kept (verification is the caller's).
   */
  public List<Bytes> fetchDescriptors(PeerId provider, Query query) throws IOException {
    Connection c = host.connect(provider);
    RegistryMessage answer =
        DESCRIPTORS
            .call(c, new RegistryMessage.Find(query))
            .orElseThrow(() -> new EOFException(provider + " closed without answering"));
    if (!(answer instanceof RegistryMessage.Found found)) {
      throw new IOException(provider + " answered a descriptor query with " + answer);
    }
    return found.descriptors();
  }

  /**
   * Sends {@code request} to {@code peer} over {@value #DESCRIPTOR_PROTOCOL} and returns its
   * answer.
   *
   * @throws IOException if it cannot be reached or does not answer
   */
  public RegistryMessage ask(PeerId peer, RegistryMessage request) throws IOException {
    return DESCRIPTORS
        .call(host.connect(peer), request)
        .orElseThrow(() -> new EOFException(peer + " closed without answering"));
  }

  /**
   * Keeps a signed revocation here and with the peers closest to its DHT key (docs/revocation.md);
   * returns how many of those took it.
   *
   * @throws IllegalArgumentException if it is not a well-formed signed revocation
   */
  public int publishRevocation(Bytes signed) {
    revocations.answer(host.peerId(), new RegistryMessage.Revoke(signed));
    return DhtRevocations.publish(this, signed);
  }

  /** The revocations this node keeps for the DHT about {@code peer}. */
  public List<Bytes> revocationsHeld(PeerId peer) {
    return ((RegistryMessage.Revoked)
            revocations.answer(host.peerId(), new RegistryMessage.RevocationsOf(List.of(peer))))
        .revocations();
  }

  private CompletableFuture<DhtClient.Result> start(
      java.util.function.Function<State, List<DhtClient.Action>> op) {
    CompletableFuture<DhtClient.Result> f = new CompletableFuture<>();
    driver.accept(
        s -> {
          s.ops.put(s.client.nextOperationId(), f);
          run(s, op.apply(s));
        });
    return f;
  }

  /** Carries out the client's actions; called under the driver's lock. */
  private void run(State s, List<DhtClient.Action> actions) {
    for (DhtClient.Action a : actions) {
      switch (a) {
        case DhtClient.Action.Send send -> {
          if (!sends.trySubmit(() -> send(send)) && send.expectsAnswer() && !closed) {
            // too many requests in flight: this one fails now (after the driver's lock is let go)
            driver.after(Duration.ZERO, st -> run(st, st.client.onFailure(send.requestId())));
          }
        }
        case DhtClient.Action.Completed done -> {
          CompletableFuture<DhtClient.Result> f = s.ops.remove(done.opId());
          if (f != null) {
            f.complete(done.result());
          }
        }
      }
    }
  }

  private void send(DhtClient.Action.Send send) {
    try {
      Connection c = host.connect(send.to());
      try (Stream s = c.newStream(protocol)) {
        s.setReadTimeout(REQUEST_TIMEOUT);
        LengthPrefixed.write(s.out(), codec.encode(send.message()).toByteArray());
        if (!send.expectsAnswer()) {
          s.closeWrite();
          return;
        }
        KadMessage response =
            codec.decode(Bytes.wrap(LengthPrefixed.read(s.in(), codec.limits().maxMessageBytes())));
        learn(response.closerPeers());
        learn(response.providerPeers());
        driver.accept(st -> run(st, st.client.onResponse(send.requestId(), send.to(), response)));
      }
    } catch (IOException | WireFormatException | RuntimeException e) {
      LOG.fine(() -> "kad request to " + send.to() + " failed: " + e);
      if (send.expectsAnswer()) {
        driver.accept(st -> run(st, st.client.onFailure(send.requestId())));
      }
    }
  }

  /** Remembers where peers named in an answer listen, so the lookup can dial them. */
  private void learn(List<KadPeer> peers) {
    for (KadPeer p : peers) {
      List<Multiaddr> addrs = new ArrayList<>();
      for (Bytes b : p.addrs()) {
        try {
          Multiaddr a = Multiaddr.fromBytes(b);
          a.tcpEndpoint(); // throws for transports we do not dial
          addrs.add(a.withoutPeerId());
        } catch (MultiaddrException ignored) {
          // a transport we do not speak
        }
      }
      if (!addrs.isEmpty()) {
        host.peerStore().addAddrs(p.id(), addrs);
      }
    }
  }

  private List<Bytes> addrsOf(PeerId peer) {
    return host.peerStore()
        .get(peer)
        .map(i -> i.addrs().stream().map(Multiaddr::toBytes).toList())
        .orElse(List.of());
  }

  /** Serves kad requests on one stream until the remote closes it. */
  private void serve(Stream s) throws IOException {
    s.setReadTimeout(Duration.ofSeconds(30));
    PeerId remote = s.remotePeer();
    InputStream in = s.in();
    while (true) {
      Optional<byte[]> msg = LengthPrefixed.readIfAny(in, codec.limits().maxMessageBytes());
      if (msg.isEmpty()) {
        s.close();
        return;
      }
      KadMessage request;
      try {
        request = codec.decode(Bytes.wrap(msg.get()));
      } catch (WireFormatException e) {
        LOG.fine(() -> "bad kad request from " + remote + ": " + e.getMessage());
        s.reset();
        return;
      }
      if (request.type() == KadMessage.Type.ADD_PROVIDER) {
        // where the provider says it listens, so askers can be told even before identify ran
        learn(request.providerPeers().stream().filter(p -> p.id().equals(remote)).toList());
      }
      // the requester enters our table only through identify (a dialable DHT server), never
      // merely by asking: clients must not fill tables with peers nobody can reach
      Optional<KadMessage> response = driver.apply(st -> st.server.handle(remote, request));
      if (response.isPresent()) {
        LengthPrefixed.write(s.out(), codec.encode(response.get()).toByteArray());
      }
    }
  }

  private Optional<RegistryMessage> answerDescriptors(PeerId remote, RegistryMessage request) {
    if (DhtRevocations.handles(request)) {
      return Optional.of(revocations.answer(remote, request)); // docs/revocation.md
    }
    if (!(request instanceof RegistryMessage.Find find)) {
      return Optional.empty();
    }
    List<Match> matches = matcher.rank(find.query(), local.get(), TrustView.NONE);
    return Optional.of(
        new RegistryMessage.Found(
            matches.stream().map(m -> m.descriptor().toJsonBytes()).toList()));
  }

  /** Stops serving and the timers. */
  @Override
  public void close() {
    closed = true;
    if (serverMode) {
      host.unhandle(protocol);
      host.unhandle(DESCRIPTOR_PROTOCOL);
    }
    driver.close();
    sends.close();
  }
}
