package io.ap2p.node.discovery;

import io.ap2p.core.discovery.DescriptorReason;
import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.Signer;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.pubsub.GossipParams;
import io.ap2p.net.pubsub.GossipSub;
import io.ap2p.net.pubsub.PubsubMessage;
import io.ap2p.net.pubsub.Validation;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Registry federation: this node's registry and its peer registries share one GossipSub topic,
 * {@value #TOPIC}. A descriptor a publisher registers here directly is published on it, signed by
 * this registry (StrictSign); each replica that receives it re-admits it through {@link
 * RegistryService#admitReplica}, the checks of a direct registration (signature, time window, seq,
 * the signer's rate limit and quota), and the replica's verdict decides whether GossipSub forwards
 * it. A descriptor whose signer's identity proof the registry knows travels with it, as a registry
 * {@code Register} message (the bare JSON otherwise, as before proofs), and a replica that prices
 * identities checks it exactly as a direct registration's, so descriptors of unproven keys are not
 * forwarded; such a replica also takes topic messages only from the peer registries it lists
 * (docs/discovery.md, "A price on identities"). Entries expire on each replica by themselves;
 * refreshes replicate like first registrations. Signed revocations (and so withdrawals, which are
 * signed revocations) a registry takes directly travel on the same topic as registry {@code Revoke}
 * messages, told apart from descriptor JSON by their first byte, and each replica applies them at
 * once (docs/revocation.md). On start, the registry pulls the live table of the first peer registry
 * that answers ({@link RegistrySync#pull}) so a replica restarted empty catches up at once, not
 * only by the publishers' refreshes; peers that are not connected are dialled again every {@link
 * #RECONNECT}.
 */
public final class Federation implements AutoCloseable {

  /** The GossipSub topic of registry replication. */
  public static final String TOPIC = "/ap2p/registry/1.0.0/federation";

  /** How often peer registries that are not connected are dialled again. */
  public static final Duration RECONNECT = Duration.ofSeconds(2);

  /** What a replica does not forward and counts against the peer that sent it. */
  private static final Set<DescriptorReason> FORGED =
      EnumSet.of(
          DescriptorReason.OVERSIZE,
          DescriptorReason.MALFORMED,
          DescriptorReason.UNKNOWN_SCHEMA,
          DescriptorReason.MISSING_SIGNATURE,
          DescriptorReason.UNSUPPORTED_KEY,
          DescriptorReason.BAD_SIGNATURE,
          DescriptorReason.PEER_MISMATCH,
          DescriptorReason.TTL_OUT_OF_BOUNDS);

  /** Counts since start. */
  public record Stats(
      long published, long accepted, long ignored, long rejected, long synced, boolean caughtUp) {}

  private final Host host;
  private final RegistryService registry;
  private final GossipSub gossip;
  private final List<Multiaddr> peers;
  private final Set<PeerId> peerIds;
  // the listed registries' multihashes, as messages name their authors
  private final Set<Bytes> listedAuthors;
  private final Consumer<String> log;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("federation").factory());
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong synced = new AtomicLong();
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  private volatile boolean closed;

  private Federation(
      Host host,
      RegistryService registry,
      GossipSub gossip,
      List<Multiaddr> peers,
      Consumer<String> log) {
    this.host = host;
    this.registry = registry;
    this.gossip = gossip;
    this.peers = List.copyOf(peers);
    this.peerIds = Set.copyOf(peers.stream().map(p -> p.peerId().orElseThrow()).toList());
    this.listedAuthors = Set.copyOf(peerIds.stream().map(PeerId::multihash).toList());
    this.log = log;
  }

  /**
   * Joins the federation of {@code registry} (served on its host) with {@code peers}, publishing as
   * {@code identity} (the host's key).
   */
  public static Federation start(
      RegistryService registry,
      Signer identity,
      List<Multiaddr> peers,
      GossipParams params,
      Clock clock,
      RandomGenerator random,
      Consumer<String> log) {
    Host host = registry.host();
    GossipSub gossip = GossipSub.start(host, identity, params, clock, random);
    Federation f = new Federation(host, registry, gossip, peers, log);
    f.caughtUp.set(peers.isEmpty()); // nobody listed to pull from: it starts the federation
    gossip.subscribe(TOPIC, f::onMessage);
    registry.onRevoked(
        signed -> {
          if (!f.closed) {
            gossip.publish(TOPIC, RegistryCodec.encode(new RegistryMessage.Revoke(signed)));
            f.published.incrementAndGet();
          }
        });
    registry.onAdmitted(
        r -> {
          if (!f.closed) {
            // the bare JSON when no identity proof goes with it (as before proofs), else the
            // registry's Register message carrying both
            gossip.publish(
                TOPIC,
                r.identityProof().length() == 0 ? r.signedDescriptor() : RegistryCodec.encode(r));
            f.published.incrementAndGet();
          }
        });
    f.timer.scheduleWithFixedDelay(f::maintain, 0, RECONNECT.toMillis(), TimeUnit.MILLISECONDS);
    return f;
  }

  /** {@link #start}s a federation if {@code f} asks for one (then {@code registry} is present). */
  public static java.util.Optional<Federation> startIf(
      FederationOptions f,
      java.util.Optional<RegistryService> registry,
      Signer identity,
      Clock clock,
      RandomGenerator random,
      Consumer<String> log) {
    if (!f.federate()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        start(
            registry.orElseThrow(), identity, f.federationPeers(), f.gossip(), clock, random, log));
  }

  /** A replicated descriptor: admitted here as if registered here, or not forwarded. */
  private Validation onMessage(PeerId source, PubsubMessage m) {
    Validation v =
        registry.identityBits() > 0 && !listedAuthors.contains(m.from())
            // a priced registry replicates what the registries it lists wrote, whoever forwarded
            // it (the author is fixed by the message's signature; judging the forwarder instead
            // let an unlisted peer that delivered a listed registry's message first have it
            // ignored, and then dropped as seen when the listed registry's own copy came)
            ? Validation.IGNORE
            : isDescriptor(m.data())
                ? verdict(registry.admitReplica(m.data()))
                : replicated(registry, m.data());
    switch (v) {
      case ACCEPT -> accepted.incrementAndGet();
      case IGNORE -> ignored.incrementAndGet();
      case REJECT -> rejected.incrementAndGet();
    }
    return v;
  }

  /** Descriptors travel as their JSON (an object); anything else is a registry Revoke message. */
  static boolean isDescriptor(Bytes data) {
    for (int i = 0; i < data.length(); i++) {
      byte b = data.get(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return true; // empty: judged (and refused) as a descriptor
  }

  /**
   * A replicated registry message: a Register (a descriptor with its signer's identity proof),
   * admitted here as if registered here, or a revocation ({@link #revocationVerdict}).
   */
  static Validation replicated(RegistryService registry, Bytes data) {
    try {
      if (RegistryCodec.decode(data) instanceof RegistryMessage.Register r) {
        return verdict(registry.admitReplica(r.signedDescriptor(), r.identityProof()));
      }
    } catch (WireFormatException e) {
      return Validation.REJECT;
    }
    return revocationVerdict(registry, data);
  }

  /** A replicated revocation: taken here as if sent here, or not forwarded. */
  static Validation revocationVerdict(RegistryService registry, Bytes data) {
    RegistryMessage.Ack ack;
    try {
      if (!(RegistryCodec.decode(data) instanceof RegistryMessage.Revoke r)) {
        return Validation.REJECT; // only descriptors and revocations travel on the topic
      }
      ack = registry.admitRevocation(r.signedRevocation());
    } catch (WireFormatException e) {
      return Validation.REJECT;
    }
    if (ack.status() == RegistryMessage.Status.ACCEPTED) {
      return Validation.ACCEPT;
    }
    return RevocationReason.MALFORMED.name().equals(ack.reason())
            || RevocationReason.BAD_SIGNATURE.name().equals(ack.reason())
        ? Validation.REJECT
        : Validation.IGNORE; // a duplicate, expired or over a bound: honest replicas race too
  }

  /** The GossipSub verdict for a registry's answer to a replicated descriptor. */
  static Validation verdict(RegistryMessage.Ack ack) {
    if (ack.status() == RegistryMessage.Status.ACCEPTED) {
      return Validation.ACCEPT;
    }
    for (DescriptorReason r : FORGED) {
      if (r.name().equals(ack.reason())) {
        return Validation.REJECT;
      }
    }
    // stale, duplicate, expired, rate-limited, over quota: honest replicas can send these in races
    return Validation.IGNORE;
  }

  private void maintain() {
    if (closed) {
      return;
    }
    for (Multiaddr peer : peers) {
      PeerId id = peer.peerId().orElseThrow();
      if (host.connectionTo(id).isEmpty() || !gossip.peers().contains(id)) {
        try {
          gossip.connect(peer);
        } catch (IOException | RuntimeException e) {
          // down or backing off: tried again at the next round
        }
      }
    }
    if (!caughtUp.get()) {
      catchUp();
    }
  }

  /** Pulls the table of the first peer registry that answers, through this registry's admission. */
  private void catchUp() {
    for (Multiaddr peer : peers) {
      try {
        // revocations first, so what they revoke is refused as the descriptors come
        RegistrySync.pullRevocations(host, peer, registry::admitRevocation);
      } catch (IOException | RuntimeException e) {
        // a peer registry without revocations to give: the descriptors still come
      }
      try {
        int n =
            RegistrySync.pull(
                host,
                peer,
                (json, proof) -> {
                  if (registry.admitReplica(json, proof).status()
                      == RegistryMessage.Status.ACCEPTED) {
                    synced.incrementAndGet();
                  }
                });
        caughtUp.set(true);
        log.accept("federation: caught up from " + peer + " (" + n + " descriptor(s) offered)");
        return;
      } catch (IOException | RuntimeException e) {
        // try the next peer registry; all down: again at the next round
      }
    }
  }

  /** The replication pubsub (for status and benchmarks). */
  public GossipSub gossip() {
    return gossip;
  }

  /** The peer registries this registry replicates with. */
  public List<Multiaddr> peers() {
    return peers;
  }

  /** Counts since start. */
  public Stats stats() {
    return new Stats(
        published.get(),
        accepted.get(),
        ignored.get(),
        rejected.get(),
        synced.get(),
        caughtUp.get());
  }

  /** Leaves the federation (the registry keeps serving what it holds). */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    gossip.close();
  }
}
