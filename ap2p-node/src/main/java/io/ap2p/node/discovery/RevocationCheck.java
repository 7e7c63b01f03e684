package io.ap2p.node.discovery;

import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.trust.RevocationBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * A finder's check of what a registry answered against revocations (docs/revocation.md): asks the
 * registries that answered for the revocations they hold about the answer's providers ({@code
 * RevocationsOf}), gives each to the node's {@link RevocationBook} (which verifies it, and carries
 * reputation over a hand-over it learns of), and keeps only the descriptors the book admits. A
 * registry that does not answer the request only loses its help: what the book holds still counts.
 */
final class RevocationCheck {

  private final Host host;
  private final Optional<RevocationBook> book;

  RevocationCheck(Host host, Optional<RevocationBook> book) {
    this.host = host;
    this.book = book;
  }

  boolean active() {
    return book.isPresent();
  }

  /**
   * Checks the registries could not answer (unreachable, out of protocol, rate limited): each lets
   * through what only that registry's revocations would have refused.
   */
  static final java.util.concurrent.atomic.AtomicLong FAILED_OPEN =
      new java.util.concurrent.atomic.AtomicLong();

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(RevocationCheck.class.getName());

  /** {@code descriptors} less what a revocation held here or by {@code registries} covers. */
  List<SignedDescriptor> admissible(
      List<Multiaddr> registries, List<SignedDescriptor> descriptors) {
    if (book.isEmpty() || descriptors.isEmpty()) {
      return descriptors;
    }
    List<PeerId> peers = descriptors.stream().map(d -> d.descriptor().peer()).distinct().toList();
    List<Future<List<Bytes>>> asks = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (Multiaddr r : registries) {
        // every provider of the answer, in batches of what one request may name
        for (int from = 0; from < peers.size(); from += RegistryCodec.MAX_REVOCATION_PEERS) {
          List<PeerId> batch =
              peers.subList(
                  from, Math.min(peers.size(), from + RegistryCodec.MAX_REVOCATION_PEERS));
          asks.add(pool.submit(() -> ask(r, batch)));
        }
      }
    }
    for (Future<List<Bytes>> f : asks) {
      try {
        f.get().forEach(book.get()::offer);
      } catch (java.util.concurrent.ExecutionException e) {
        failedOpen(e.getCause()); // the book still judges with what it holds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return book.get().admissible(descriptors);
  }

  private static void failedOpen(Throwable why) {
    long n = FAILED_OPEN.incrementAndGet();
    LOG.info(() -> "revocation check failed open (" + n + " so far): " + why.getMessage());
  }

  private List<Bytes> ask(Multiaddr registry, List<PeerId> peers) throws java.io.IOException {
    RegistryMessage answer =
        RegistryProtocol.PROTOCOL
            .call(host, registry, new RegistryMessage.RevocationsOf(peers))
            .orElse(null);
    if (answer instanceof RegistryMessage.Revoked r) {
      return RevocationFilter.relevant(r.revocations(), new java.util.HashSet<>(peers));
    }
    throw new java.io.IOException("registry " + registry + " answered " + answer);
  }
}
