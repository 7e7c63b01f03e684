package io.ap2p.node.api;

import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.Query;
import io.ap2p.core.discovery.matching.Match;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.PeerId;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.Node;
import io.ap2p.node.discovery.Finder;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The capability tag chosen for an intent given without one: the first tag of the best match that
 * the node's registry returns for the intent's text.
 *
 * @param tag the tag chosen
 * @param capability the best match's capability id
 * @param provider the best match's peer
 * @param score its score
 */
public record TagChoice(CapabilityTag tag, String capability, PeerId provider, double score) {

  /** Matches asked for when choosing. */
  static final int CANDIDATES = 5;

  /**
   * Asks {@code node}'s registry for {@code intent} and takes the best match's first tag.
   *
   * @throws ApiException 400 when the node cannot match text (DHT mode, no registry), 422 when
   *     nothing matches, 502 when the registry cannot be asked
   */
  public static TagChoice choose(Node node, String intent) throws ApiException {
    if (node.dht().isPresent()) {
      throw ApiException.badRequest(
          "invoke.tag: required in DHT mode (the DHT is keyed by capability tags, not text)");
    }
    Optional<Multiaddr> registry =
        node.options()
            .registryPeer()
            .or(
                () ->
                    node.registry()
                        .map(
                            r ->
                                node.host().listenAddrs().get(0).withPeerId(node.host().peerId())));
    if (registry.isEmpty()) {
      throw ApiException.badRequest(
          "invoke.tag: required: this node has no registry to match the intent against");
    }
    Finder.Result found;
    try {
      found =
          new Finder(node.host(), node.clock())
              .find(registry.get(), Query.text(intent, List.of(), CANDIDATES), TrustView.NONE);
    } catch (IOException e) {
      throw new ApiException(
          502, "cannot ask the registry " + registry.get() + " for the intent: " + e.getMessage());
    }
    if (found.matches().isEmpty()) {
      throw new ApiException(422, "invoke.intent: no provider matches '" + intent + "'");
    }
    Match best = found.matches().get(0);
    CapabilityDescriptor d = best.descriptor().descriptor();
    return new TagChoice(d.intent().tags().get(0), d.id(), d.peer(), best.score().total());
  }
}
