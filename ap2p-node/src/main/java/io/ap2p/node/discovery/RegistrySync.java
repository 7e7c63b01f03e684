package io.ap2p.node.discovery;

import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.net.runtime.WireCodec;
import io.ap2p.net.transport.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code /ap2p/registry-sync/1.0.0}, served by every registry: a replica restarted empty pages
 * through a peer registry's live descriptors ({@link #pull}) and re-admits each through its own
 * admission; a publisher asks a registry which of its own descriptors it holds ({@link #holds}).
 * One request and one answer per stream ({@link SyncMessage}); at most {@link SyncMessage#MAX_PAGE}
 * descriptors and {@link #PAGE_BYTES} per page, at most 2 requests at once per connection.
 */
public final class RegistrySync {

  /** The codec, with its 1 MiB limit. */
  static final WireCodec<SyncMessage> CODEC =
      WireCodec.of(SyncMessage::encode, SyncMessage::decode, SyncMessage.MAX_MESSAGE);

  /** The protocol, 10 s per message, 2 requests at once per connection. */
  public static final RequestResponse<SyncMessage, SyncMessage> PROTOCOL =
      new RequestResponse<>("/ap2p/registry-sync/1.0.0", CODEC, CODEC, Duration.ofSeconds(10), 2);

  /** Bytes of descriptors per page, at most (a page stays under the 1 MiB message limit). */
  static final int PAGE_BYTES = 768 * 1024;

  /** Pages pulled from one registry, at most: the table's limit over the smallest full page. */
  static final int MAX_PAGES = 100_000 / 4 + 1;

  /** Revocations pulled from one registry, at most: what a revocation table holds. */
  static final int MAX_REVOCATIONS =
      io.ap2p.core.trust.revocation.RevocationLimits.DEFAULTS.maxEntries();

  /** Revocation pages pulled from one registry, at most: a full table in full pages, and one. */
  static final int MAX_REVOCATION_PAGES = MAX_REVOCATIONS / SyncMessage.MAX_PAGE + 1;

  private RegistrySync() {}

  static void serve(Host host, RegistryService registry) {
    PROTOCOL.serve(
        host,
        (peer, request) ->
            switch (request) {
              case SyncMessage.PageRequest r ->
                  Optional.of(registry.page(r.offset(), SyncMessage.MAX_PAGE, PAGE_BYTES));
              case SyncMessage.RevocationsRequest r ->
                  Optional.of(registry.revocationPage(r.offset(), SyncMessage.MAX_PAGE));
              case SyncMessage.HoldsRequest h ->
                  Optional.of(registry.holds(peer, h.capabilityIds()));
              default -> Optional.empty();
            });
  }

  /**
   * Pages through the live descriptors of the registry at {@code registry}, giving each to {@code
   * sink} (which must verify it); returns how many came.
   *
   * @throws IOException if the registry cannot be reached or answers out of protocol
   */
  public static int pull(Host host, Multiaddr registry, Consumer<Bytes> sink) throws IOException {
    return pull(host, registry, (d, proof) -> sink.accept(d));
  }

  /**
   * {@link #pull}, giving {@code sink} each descriptor with the identity proof the registry sent
   * for its signer (empty when none; the sink must check it as it checks the descriptor).
   *
   * @throws IOException if the registry cannot be reached or answers out of protocol
   */
  public static int pull(Host host, Multiaddr registry, BiConsumer<Bytes, Bytes> sink)
      throws IOException {
    return pages(host, registry, SyncMessage.PageRequest::new, sink, MAX_PAGES, Integer.MAX_VALUE);
  }

  /**
   * Pages through the signed revocations the registry at {@code registry} holds, giving each to
   * {@code sink} (which must verify it); returns how many came. A replica restarted empty pulls
   * them before the descriptors, so what they revoke is refused as it comes.
   *
   * <p>At most what a revocation table holds is pulled ({@link #MAX_REVOCATIONS} entries, {@link
   * #MAX_REVOCATION_PAGES} pages), however many pages a hostile registry offers.
   *
   * @throws IOException if the registry cannot be reached or answers out of protocol (one that
   *     predates the request resets the stream)
   */
  public static int pullRevocations(Host host, Multiaddr registry, Consumer<Bytes> sink)
      throws IOException {
    return pages(
        host,
        registry,
        SyncMessage.RevocationsRequest::new,
        (r, proof) -> sink.accept(r),
        MAX_REVOCATION_PAGES,
        MAX_REVOCATIONS);
  }

  private static int pages(
      Host host,
      Multiaddr registry,
      java.util.function.LongFunction<SyncMessage> request,
      BiConsumer<Bytes, Bytes> sink,
      int maxPages,
      int maxEntries)
      throws IOException {
    long offset = 0;
    int count = 0;
    for (int pages = 0; pages < maxPages && count < maxEntries; pages++) {
      SyncMessage answer =
          PROTOCOL
              .call(host, registry, request.apply(offset))
              .orElseThrow(() -> new ProtocolViolationException("no answer to a page request"));
      if (!(answer instanceof SyncMessage.Page page)) {
        throw new ProtocolViolationException("answered a page request with " + answer);
      }
      List<Bytes> entries = page.descriptors();
      int take = Math.min(entries.size(), maxEntries - count);
      for (int i = 0; i < take; i++) {
        sink.accept(entries.get(i), page.identityProof(i));
      }
      count += take;
      if (page.next() == 0) {
        return count;
      }
      if (page.next() <= offset || page.descriptors().isEmpty()) {
        throw new ProtocolViolationException("page offsets do not advance");
      }
      offset = page.next();
    }
    return count;
  }

  /**
   * Which of this host's capabilities {@code ids} the registry at {@code registry} holds.
   *
   * @throws IOException if it cannot be reached or answers out of protocol
   */
  public static List<SyncMessage.Held> holds(Host host, Multiaddr registry, List<String> ids)
      throws IOException {
    SyncMessage answer =
        PROTOCOL
            .call(
                host,
                registry,
                new SyncMessage.HoldsRequest(
                    ids.subList(0, Math.min(ids.size(), SyncMessage.MAX_IDS))))
            .orElseThrow(() -> new ProtocolViolationException("no answer to a holds request"));
    if (!(answer instanceof SyncMessage.Holds h)) {
      throw new ProtocolViolationException("answered a holds request with " + answer);
    }
    return h.held();
  }
}
