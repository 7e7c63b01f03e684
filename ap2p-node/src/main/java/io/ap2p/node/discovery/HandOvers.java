package io.ap2p.node.discovery;

import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.time.Clock;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.Revocations;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.host.Host;
import io.ap2p.net.runtime.RequestResponse;
import io.ap2p.node.execution.Reciprocity;
import io.ap2p.node.trust.RevocationBook;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /ap2p/handover/1.0.0} (docs/revocation.md): a provider that meets a key it has no account
 * for asks that key, once an hour at most, for the hand-overs leading to it ({@code RevocationsOf}
 * naming itself, answered {@code Revoked} with at most {@link Revocations#MAX_CHAIN} hand-overs).
 * It keeps only valid hand-overs of the chain that ends at that key (both signatures, checked by
 * its {@link RevocationBook}, which then moves the old key's account and reputation to it), so a
 * requester's rotation carries its standing to every provider it returns to, without a registry.
 */
public final class HandOvers implements Reciprocity.Introductions {

  /** The protocol: one request and one answer per stream, 2 s each. */
  public static final RequestResponse<RegistryMessage, RegistryMessage> PROTOCOL =
      new RequestResponse<>(
          "/ap2p/handover/1.0.0",
          RegistryProtocol.CODEC,
          RegistryProtocol.CODEC,
          Duration.ofSeconds(2));

  /** Strangers remembered as asked; the least recently asked is forgotten beyond this. */
  static final int MAX_ASKED = 10_000;

  /** How long before a stranger that had nothing to present is asked again. */
  static final long ASK_AGAIN_MILLIS = 3_600_000L;

  private final RevocationBook book;
  private final Clock clock;
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
    long now = clock.millis();
    synchronized (asked) {
      Long last = asked.get(stranger);
      if (last != null && now - last < ASK_AGAIN_MILLIS) {
        return;
      }
      asked.put(stranger, now);
    }
    try {
      Optional<RegistryMessage> answer =
          PROTOCOL.call(
              host.connect(stranger), new RegistryMessage.RevocationsOf(List.of(stranger)));
      if (answer.orElse(null) instanceof RegistryMessage.Revoked r) {
        take(r.revocations(), stranger).forEach(book::offer);
      }
    } catch (IOException | RuntimeException e) {
      // a stranger without the protocol (or silent) has nothing to present: it starts at zero
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
