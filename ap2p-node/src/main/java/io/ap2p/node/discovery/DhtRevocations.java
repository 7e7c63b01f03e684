package io.ap2p.node.discovery;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.discovery.registry.TokenBucket;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.node.trust.RevocationBook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Revocations in DHT mode (docs/revocation.md): a signed revocation of key K is kept by the k peers
 * closest to {@link #key}(K), found with a Kademlia lookup, and sent and asked for over {@value
 * DhtService#DESCRIPTOR_PROTOCOL} as registry {@code Revoke} and {@code RevocationsOf} messages. A
 * finder looks up the revocations of every provider it found before it trusts their descriptors.
 * Each holder verifies what it keeps, within the bounds of {@link RevocationLimits}.
 */
final class DhtRevocations {

  /** The reason a holder gives for a revocation it is not among the closest peers for. */
  static final String NOT_CLOSE = "NOT_CLOSE";

  /** Prefix of the DHT key under which a peer's revocations are kept. */
  static final String PREFIX = "ap2p/revocation/";

  /** Revocations one sender may store here at once, and the rate they refill at (per second). */
  static final double SENDER_BURST = 16;

  static final double SENDER_PER_SECOND = 0.1;

  /** Senders whose quota is tracked; the least recently seen is forgotten beyond this. */
  static final int MAX_SENDERS = 10_000;

  private final Clock clock;
  private final PeerId self;
  private final Predicate<Bytes> near;
  private final Revocations held;
  private final RevocationValidator validator;
  private final Map<PeerId, TokenBucket> senders =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, TokenBucket> e) {
          return size() > MAX_SENDERS;
        }
      };

  /**
   * A holder for {@code self} that keeps what others store only under a DHT key it is {@code near}
   * (among the closest peers its routing table knows), within each sender's quota.
   */
  DhtRevocations(Clock clock, PeerId self, Predicate<Bytes> near) {
    this.clock = clock;
    this.self = self;
    this.near = near;
    this.held = new Revocations(clock, RevocationLimits.DEFAULTS);
    this.validator = new RevocationValidator(clock, RevocationLimits.DEFAULTS);
  }

  /**
   * Whether this holder is responsible for {@code r}: near the DHT key of its key, of the successor
   * it names, or (a compromise, which is also stored under successors' keys) of a successor named
   * by a hand-over of its key held here. Called without this holder's lock: {@code near} asks the
   * routing table.
   */
  private boolean responsible(Revocation r) {
    if (near.test(key(r.peer()))) {
      return true;
    }
    if (r instanceof Revocation.Rotation rot) {
      return near.test(key(rot.successor().peerId()));
    }
    if (r instanceof Revocation.Compromise) {
      List<PeerId> successors = new ArrayList<>();
      synchronized (this) {
        for (SignedRevocation s : held.about(r.peer())) {
          if (s.revocation() instanceof Revocation.Rotation rot && rot.peer().equals(r.peer())) {
            successors.add(rot.successor().peerId());
          }
        }
      }
      for (PeerId successor : successors) {
        if (near.test(key(successor))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The validator on this table's (injected) clock. */
  RevocationValidator validator() {
    return validator;
  }

  private static SignedRevocation decodeOrNull(Bytes encoded) {
    try {
      return RevocationCodec.decode(encoded);
    } catch (WireFormatException e) {
      return null; // the validator says why
    }
  }

  /** The DHT key (a sha2-256 multihash) of {@code peer}'s revocations. */
  static Bytes key(PeerId peer) {
    return io.ap2p.core.discovery.kademlia.CapabilityKeys.multihash(PREFIX + peer.toBase58());
  }

  /** Whether {@code m} is a revocation request this holder answers. */
  static boolean handles(RegistryMessage m) {
    return m instanceof RegistryMessage.Revoke || m instanceof RegistryMessage.RevocationsOf;
  }

  /**
   * Keeps a revocation {@code remote} stores here (this node's own always; another's when this
   * holder is responsible for it and the sender has quota left), or answers which are kept about
   * some peers.
   */
  RegistryMessage answer(PeerId remote, RegistryMessage m) {
    if (m instanceof RegistryMessage.RevocationsOf q) {
      synchronized (this) {
        return new RegistryMessage.Revoked(
            io.ap2p.core.discovery.registry.RegistryRevocations.about(held, q.peers()));
      }
    }
    boolean own = remote.equals(self);
    if (!own) {
      long now = clock.millis();
      boolean quota;
      synchronized (senders) {
        quota =
            senders
                .computeIfAbsent(remote, p -> new TokenBucket(SENDER_PER_SECOND, SENDER_BURST, now))
                .tryTake(now);
      }
      if (!quota) {
        return new RegistryMessage.Ack(
            RegistryMessage.Status.REJECTED, "RATE_LIMITED", "sender quota spent", 0);
      }
    }
    Bytes encoded = ((RegistryMessage.Revoke) m).signedRevocation();
    // whether it is near, judged on what it says before its signatures are checked (cheaper)
    if (!own && decodeOrNull(encoded) instanceof SignedRevocation unchecked) {
      if (!responsible(unchecked.revocation())) {
        return new RegistryMessage.Ack(
            RegistryMessage.Status.IGNORED, NOT_CLOSE, "not among the closest to its key", 0);
      }
    }
    // signatures checked once, outside the holder's lock
    Verdict<SignedRevocation> checked = validator.validate(encoded);
    Verdict<?> v = checked;
    if (checked instanceof Verdict.Accepted<SignedRevocation> ok) {
      synchronized (this) {
        v = held.offer(ok.value());
      }
    }
    return switch (v) {
      case Verdict.Accepted<?> a ->
          new RegistryMessage.Ack(RegistryMessage.Status.ACCEPTED, "REVOKED", "", 0);
      case Verdict.Ignored<?> i ->
          new RegistryMessage.Ack(RegistryMessage.Status.IGNORED, i.reason().name(), "", 0);
      case Verdict.Rejected<?> r ->
          new RegistryMessage.Ack(RegistryMessage.Status.REJECTED, r.reason().name(), "", 0);
    };
  }

  /**
   * Stores {@code signed} with the peers closest to its key's DHT key (and here); returns how many
   * took it.
   *
   * @throws IllegalArgumentException if it is not a well-formed signed revocation
   */
  static int publish(DhtService dht, Bytes signed) {
    SignedRevocation s;
    try {
      s = RevocationCodec.decode(signed);
    } catch (WireFormatException e) {
      throw new IllegalArgumentException("not a signed revocation: " + e.getMessage(), e);
    }
    int took = 0;
    RegistryMessage.Revoke revoke = new RegistryMessage.Revoke(signed);
    // under the key's DHT key, and its successors': a finder asks about the key it meets, which
    // after a hand-over is the successor (and a compromise must reach who asks about those)
    java.util.Set<PeerId> keys = new java.util.LinkedHashSet<>();
    keys.add(s.revocation().peer());
    if (s.revocation() instanceof Revocation.Rotation rot) {
      keys.add(rot.successor().peerId());
    }
    // the hand-overs of the key: held here, and (a compromise, which must reach whoever asks
    // about a successor) what the key's holders keep, as this node need not be one of them
    List<Bytes> known = new ArrayList<>(dht.revocationsHeld(s.revocation().peer()));
    if (s.revocation() instanceof Revocation.Compromise) {
      known.addAll(ask(dht, s.revocation().peer()));
    }
    RevocationValidator check = dht.revocationValidator(); // on the node's clock
    for (Bytes held : known) {
      try {
        // only valid hand-overs of this key (a holder's answer is not trusted)
        if (keys.size() < 4
            && check.validate(held) instanceof Verdict.Accepted<SignedRevocation> ok
            && ok.value().revocation() instanceof Revocation.Rotation rot
            && rot.peer().equals(s.revocation().peer())) {
          keys.add(rot.successor().peerId());
        }
      } catch (RuntimeException e) {
        // not a revocation: skipped
      }
    }
    java.util.Set<PeerId> targets = new java.util.LinkedHashSet<>();
    for (PeerId k : keys) {
      targets.addAll(closest(dht, k));
    }
    for (PeerId p : targets) {
      try {
        if (dht.ask(p, revoke) instanceof RegistryMessage.Ack a
            && (a.status() == RegistryMessage.Status.ACCEPTED
                || RevocationReason.DUPLICATE.name().equals(a.reason()))) {
          took++;
        }
      } catch (java.io.IOException e) {
        // that peer is gone: the others keep it
      }
    }
    return took;
  }

  /** Gives {@code book} what the DHT keeps about the providers of {@code found}. */
  static void lookUp(DhtService dht, List<SignedDescriptor> found, RevocationBook book) {
    List<PeerId> providers = found.stream().map(d -> d.descriptor().peer()).distinct().toList();
    List<CompletableFuture<List<Bytes>>> asks = new ArrayList<>();
    for (PeerId provider : providers) {
      asks.add(
          CompletableFuture.supplyAsync(
              () -> ask(dht, provider), r -> Thread.ofVirtual().start(r)));
    }
    for (CompletableFuture<List<Bytes>> f : asks) {
      try {
        f.get(30, TimeUnit.SECONDS).forEach(book::offer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        RevocationCheck.FAILED_OPEN.incrementAndGet(); // the book judges with what it holds
      }
    }
  }

  private static List<Bytes> ask(DhtService dht, PeerId provider) {
    List<Bytes> out = new ArrayList<>(dht.revocationsHeld(provider));
    RevocationValidator check = dht.revocationValidator(); // on the node's clock
    out.addAll(walkBack(provider, k -> holders(dht, k), check));
    return out;
  }

  /**
   * What the holders of {@code provider}'s key say about it ({@code holders}), and, for each valid
   * hand-over naming it, what the holders of the old key say about that one, up to {@link
   * Revocations#MAX_CHAIN} keys back: the owner's compromise of an old key is kept by that key's
   * holders, who need not be its successor's (a successor's holder keeps it only if the hand-over
   * came first), so a finder that meets the successor learns of it whatever the order of arrival.
   */
  static List<Bytes> walkBack(
      PeerId provider,
      java.util.function.Function<PeerId, List<Bytes>> holders,
      RevocationValidator check) {
    List<Bytes> out = new ArrayList<>();
    java.util.Set<PeerId> asked = new java.util.HashSet<>();
    java.util.ArrayDeque<PeerId> next = new java.util.ArrayDeque<>(List.of(provider));
    while (!next.isEmpty() && asked.size() <= Revocations.MAX_CHAIN) {
      PeerId k = next.poll();
      if (!asked.add(k)) {
        continue;
      }
      List<Bytes> said = holders.apply(k);
      out.addAll(said);
      for (Bytes b : said) {
        if (check.validate(b) instanceof Verdict.Accepted<SignedRevocation> ok
            && ok.value().revocation() instanceof Revocation.Rotation rot
            && rot.successor().peerId().equals(k)
            && next.size() < Revocations.MAX_CHAIN) {
          next.add(rot.peer());
        }
      }
    }
    return out;
  }

  // what the holders of peer's key say about it, the union of their answers
  private static List<Bytes> holders(DhtService dht, PeerId provider) {
    List<Bytes> out = new ArrayList<>();
    RegistryMessage.RevocationsOf q = new RegistryMessage.RevocationsOf(List.of(provider));
    // every one of the closest (a holder may miss some, or lie by omission): the union counts
    List<CompletableFuture<List<Bytes>>> asks = new ArrayList<>();
    for (PeerId p : closest(dht, provider)) {
      asks.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return dht.ask(p, q) instanceof RegistryMessage.Revoked r
                      ? RevocationFilter.relevant(r.revocations(), java.util.Set.of(provider))
                      : List.<Bytes>of();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              r -> Thread.ofVirtual().start(r)));
    }
    int answered = 0;
    for (CompletableFuture<List<Bytes>> f : asks) {
      try {
        out.addAll(f.get(30, TimeUnit.SECONDS));
        answered++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // that holder is gone or slow: the others answer
      }
    }
    if (answered == 0) {
      RevocationCheck.FAILED_OPEN.incrementAndGet(); // nobody told: the book judges alone
    }
    return out;
  }

  private static List<PeerId> closest(DhtService dht, PeerId peer) {
    try {
      return dht.closest(key(peer)).get(60, TimeUnit.SECONDS).closest();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return List.of();
    }
  }
}
