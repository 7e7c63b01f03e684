package io.ap2p.core.discovery.kademlia;

import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers kad-dht requests from authenticated peers (kad-dht spec, "RPC messages"), sans-I/O:
 * request in, response out. Provider announcements count only for the sender itself; value records
 * are not served (ap2p keeps descriptors with their providers).
 */
public final class DhtServer {

  /** How long a provider record lives here, in milliseconds, for a given key. */
  public interface ProviderTtl {
    /** The lifetime of a provider record for {@code key}. */
    long millisFor(Bytes key);
  }

  private final RoutingTable table;
  private final ProviderStore providers;
  private final Function<PeerId, List<Bytes>> addrsOf;
  private final ProviderTtl ttl;

  /**
   * A server over {@code table} and {@code providers}; {@code addrsOf} gives the known binary
   * multiaddrs of a peer (from the peer store); {@code ttl} the provider record lifetime.
   */
  public DhtServer(
      RoutingTable table,
      ProviderStore providers,
      Function<PeerId, List<Bytes>> addrsOf,
      ProviderTtl ttl) {
    this.table = table;
    this.providers = providers;
    this.addrsOf = addrsOf;
    this.ttl = ttl;
  }

  /**
   * The response to {@code request} from {@code sender}, or empty when none is due (a refused value
   * store; the runtime resets the stream).
   */
  public Optional<KadMessage> handle(PeerId sender, KadMessage request) {
    return switch (request.type()) {
      case FIND_NODE -> Optional.of(closer(request, closerTo(KadKey.of(request.key())), List.of()));
      case GET_PROVIDERS -> {
        List<KadPeer> found = new ArrayList<>();
        for (PeerId p : providers.get(request.key(), table.k())) {
          found.add(peer(p));
        }
        yield Optional.of(closer(request, closerTo(KadKey.of(request.key())), found));
      }
      case ADD_PROVIDER -> {
        for (KadPeer p : request.providerPeers()) {
          if (p.id().equals(sender)) { // never on behalf of someone else
            providers.add(request.key(), sender, ttl.millisFor(request.key()));
          }
        }
        yield Optional.empty(); // ADD_PROVIDER has no response
      }
      case GET_VALUE -> Optional.of(closer(request, closerTo(KadKey.of(request.key())), List.of()));
      case PING -> Optional.of(KadMessage.request(KadMessage.Type.PING, Bytes.EMPTY));
      case PUT_VALUE -> Optional.empty();
    };
  }

  private List<KadPeer> closerTo(KadKey key) {
    List<KadPeer> out = new ArrayList<>();
    for (PeerId p : table.closest(key, table.k())) {
      out.add(peer(p));
    }
    return out;
  }

  private KadPeer peer(PeerId p) {
    return new KadPeer(p, addrsOf.apply(p), KadPeer.Connection.NOT_CONNECTED);
  }

  private static KadMessage closer(KadMessage req, List<KadPeer> closer, List<KadPeer> found) {
    return new KadMessage(req.type(), req.key(), Optional.empty(), closer, found);
  }
}
