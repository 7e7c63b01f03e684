package io.ap2p.node.discovery;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.RevocationReason;
import io.ap2p.core.trust.revocation.RevocationValidator;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.verdict.Verdict;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.node.trust.RevocationBook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Revocations in DHT mode (docs/revocation.md): a signed revocation of key K is kept by the k peers
 * closest to {@link #key}(K), found with a Kademlia lookup, and sent and asked for over {@value
 * DhtService#DESCRIPTOR_PROTOCOL} as registry {@code Revoke} and {@code RevocationsOf} messages. A
 * finder looks up the revocations of every provider it found before it trusts their descriptors.
 * Each holder verifies what it keeps, within the bounds of {@link Revocations.Limits}.
 */
final class DhtRevocations {

  /** Prefix of the DHT key under which a peer's revocations are kept. */
  static final String PREFIX = "ap2p/revocation/";

  private final Revocations held;
  private final RevocationValidator validator;

  DhtRevocations(Clock clock) {
    this.held = new Revocations(clock, Revocations.Limits.DEFAULTS);
    this.validator = new RevocationValidator(clock, Revocations.Limits.DEFAULTS);
  }

  /** The DHT key (a sha2-256 multihash) of {@code peer}'s revocations. */
  static Bytes key(PeerId peer) {
    return io.ap2p.core.discovery.kademlia.CapabilityKeys.multihash(PREFIX + peer.toBase58());
  }

  /** Whether {@code m} is a revocation request this holder answers. */
  static boolean handles(RegistryMessage m) {
    return m instanceof RegistryMessage.Revoke || m instanceof RegistryMessage.RevocationsOf;
  }

  /** Keeps a revocation a peer stores here, or answers which are kept about some peers. */
  synchronized RegistryMessage answer(RegistryMessage m) {
    if (m instanceof RegistryMessage.RevocationsOf q) {
      List<Bytes> out = new ArrayList<>();
      for (PeerId p : q.peers()) {
        for (SignedRevocation s : held.about(p)) {
          if (out.size() < RegistryCodec.MAX_REVOCATIONS) {
            out.add(s.encoded());
          }
        }
      }
      return new RegistryMessage.Revoked(out);
    }
    Bytes signed = ((RegistryMessage.Revoke) m).signedRevocation();
    Verdict<?> v =
        validator.validate(signed) instanceof Verdict.Accepted<SignedRevocation> ok
            ? held.offer(ok.value())
            : validator.validate(signed);
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
    for (Bytes held : dht.revocationsHeld(s.revocation().peer())) {
      try {
        if (RevocationCodec.decode(held).revocation() instanceof Revocation.Rotation rot
            && keys.size() < 4) {
          keys.add(rot.successor().peerId());
        }
      } catch (WireFormatException e) {
        // held ones were verified: cannot happen
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
