package io.ap2p.node.discovery;

import io.ap2p.core.discovery.registry.RegistryCodec;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.net.runtime.WireCodec;
import io.ap2p.net.transport.LengthPrefixed;
import io.ap2p.node.execution.Reciprocity;
import io.ap2p.node.trust.RevocationBook;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /ap2p/handover/1.0.0} (docs/revocation.md): a provider about to serve a key it holds no
 * hand-over to asks that key (until it answers once; a failed ask is retried after a minute; the
 * task waits 2 s at most in all) for the hand-overs leading to it ({@code RevocationsOf} naming
 * itself, answered {@code Revoked} with at most {@link Revocations#MAX_CHAIN} hand-overs). It keeps
 * only valid hand-overs of the chain that ends at that key (both signatures, checked by its {@link
 * RevocationBook}, which then moves the old key's account and reputation to it), so a requester's
 * rotation carries its standing to every provider it returns to, without a registry.
 */
public final class HandOvers implements Reciprocity.Introductions {

  /** The protocol as served: one request and one answer per stream, 2 s each read. */
  public static final RequestResponse<RegistryMessage, RegistryMessage> PROTOCOL =
      new RequestResponse<>(
          "/ap2p/handover/1.0.0",
          RegistryProtocol.CODEC,
          RegistryProtocol.CODEC,
          Duration.ofSeconds(2));

  /** Strangers remembered as asked; the least recently asked is forgotten beyond this. */
  static final int MAX_ASKED = 10_000;

  /** How long a task waits for the answer in all (connecting, negotiating, reading). */
  static final long ASK_MILLIS = 2_000L;

  /** How long before a stranger whose ask failed (no definite answer) is asked again. */
  static final long RETRY_MILLIS = 60_000L;

  /** Asks under way at once; beyond this a stranger is not asked (it starts at zero). */
  static final int MAX_IN_FLIGHT = 64;

  /** The largest answer read: {@link Revocations#MAX_CHAIN} hand-overs fit several times. */
  static final int MAX_ANSWER = 16 * 1024;

  private static final WireCodec<RegistryMessage> ANSWERS =
      WireCodec.of(RegistryCodec::encode, RegistryCodec::decode, MAX_ANSWER);

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("handover-deadline").factory());

  private final RevocationBook book;
  private final Clock clock;
  private final Map<PeerId, CompletableFuture<Void>> inFlight = new HashMap<>();
  // stranger → when it may be asked again (Long.MAX_VALUE once it answered)
  private final Map<PeerId, Long> asked =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Long> e) {
          return size() > MAX_ASKED;
        }
      };

  /** Introductions through {@code book}, on {@code clock}. */
  public HandOvers(RevocationBook book, Clock clock) {
    this.book = book;
    this.clock = clock;
  }

  @Override
  public void serve(Host host) {
    PROTOCOL.serve(
        host,
        (peer, request) ->
            request instanceof RegistryMessage.RevocationsOf
                ? Optional.of(new RegistryMessage.Revoked(book.handOversTo(host.peerId())))
                : Optional.empty());
  }

  @Override
  public void introduce(Host host, PeerId stranger) {
    CompletableFuture<Void> ask;
    boolean mine = false;
    synchronized (asked) {
      Long next = asked.get(stranger);
      if (next != null && clock.millis() < next) {
        return; // answered before (for good), or failed a moment ago
      }
      ask = inFlight.get(stranger);
      if (ask == null) {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
          return; // too many asks at once: this one is not asked (nor marked), and starts at zero
        }
        ask = new CompletableFuture<>();
        inFlight.put(stranger, ask);
        mine = true;
      }
    }
    if (!book.handOversTo(stranger).isEmpty()) { // a predecessor is known already
      finish(stranger, ask, mine, Long.MAX_VALUE);
      return;
    }
    if (mine) {
      CompletableFuture<Void> own = ask;
      Thread.ofVirtual().name("handover-ask").start(() -> ask(host, stranger, own));
    }
    try {
      ask.get(ASK_MILLIS, TimeUnit.MILLISECONDS); // an overall bound, however slowly it answers
    } catch (TimeoutException | ExecutionException e) {
      // unanswered in time: the task goes on without it (the ask ends the stream on its own)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ask(Host host, PeerId stranger, CompletableFuture<Void> ask) {
    AtomicReference<Stream> open = new AtomicReference<>();
    AtomicBoolean expired = new AtomicBoolean();
    long retryAt = clock.millis() + RETRY_MILLIS;
    // At the deadline the slot is given back even while the ask is still dialling or negotiating
    // (a stalling stranger cannot hold one for the dial's or negotiation's own 10 s); an open
    // stream is reset, and one opened later is closed at once (below).
    ScheduledFuture<?> stop =
        TIMER.schedule(
            () -> {
              expired.set(true);
              finish(stranger, ask, true, retryAt);
              Stream s = open.get();
              if (s != null) {
                s.reset();
              }
            },
            ASK_MILLIS,
            TimeUnit.MILLISECONDS);
    try {
      Optional<RegistryMessage> answer = call(host, stranger, open, expired);
      if (answer.orElse(null) instanceof RegistryMessage.Revoked r) {
        take(r.revocations(), stranger).forEach(book::offer);
      }
      stop.cancel(false);
      finish(stranger, ask, true, Long.MAX_VALUE); // a definite answer (nothing to present is one)
    } catch (IOException | RuntimeException e) {
      // a stranger without the protocol, silent or too slow: asked again after RETRY_MILLIS
      stop.cancel(false);
      finish(stranger, ask, true, retryAt);
    }
  }

  private void finish(PeerId stranger, CompletableFuture<Void> ask, boolean mine, long next) {
    if (!mine) {
      return;
    }
    synchronized (asked) {
      // once per ask: the deadline may have finished it while it was dialling, and a later ask
      // of the same stranger may be under way by the time this one's dial gives up
      if (inFlight.get(stranger) == ask || next == Long.MAX_VALUE) {
        asked.put(stranger, Math.max(next, asked.getOrDefault(stranger, 0L)));
      }
      inFlight.remove(stranger, ask);
    }
    ask.complete(null);
  }

  private static Optional<RegistryMessage> call(
      Host host, PeerId stranger, AtomicReference<Stream> open, AtomicBoolean expired)
      throws IOException {
    try (Stream s = host.connect(stranger).newStream(PROTOCOL.protocol())) {
      open.set(s);
      if (expired.get()) { // the deadline passed while dialling or negotiating
        s.reset();
        throw new IOException("hand-over ask past its deadline");
      }
      s.setReadTimeout(Duration.ofMillis(ASK_MILLIS));
      LengthPrefixed.write(
          s.out(),
          ANSWERS.encode(new RegistryMessage.RevocationsOf(List.of(stranger))).toByteArray());
      s.closeWrite();
      Optional<byte[]> answer = LengthPrefixed.readIfAny(s.in(), ANSWERS.maxMessage());
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(ANSWERS.decode(Bytes.wrap(answer.get())));
      } catch (WireFormatException e) {
        throw new IOException("bad hand-over answer: " + e.getMessage(), e);
      }
    }
  }

  /** The hand-overs of {@code presented} in the chain that ends at {@code stranger}. */
  static List<Bytes> take(List<Bytes> presented, PeerId stranger) {
    List<Bytes> first = presented.subList(0, Math.min(presented.size(), Revocations.MAX_CHAIN));
    return RevocationFilter.relevant(first, Set.of(stranger)).stream()
        .filter(HandOvers::isHandOver)
        .toList();
  }

  private static boolean isHandOver(Bytes b) {
    try {
      return RevocationCodec.decode(b).revocation() instanceof Revocation.Rotation;
    } catch (WireFormatException e) {
      return false;
    }
  }
}
