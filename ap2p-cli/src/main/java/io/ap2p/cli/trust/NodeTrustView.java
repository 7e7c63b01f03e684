package io.ap2p.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.core.discovery.CapabilityTag;
import io.ap2p.core.discovery.matching.TrustView;
import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PeerId;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A running node's trust view, copied once from its local API ({@code GET /v1/trust}), so a command
 * ranks as that node would. Entries that do not parse are left out (those peers rank as newcomers).
 */
public final class NodeTrustView implements TrustView {

  /** Most peers copied. */
  static final int MAX_PEERS = 10_000;

  private final Map<PeerId, Map<String, Double>> scores = new HashMap<>();

  private NodeTrustView() {}

  /**
   * The view of the node whose data directory is {@code dir}.
   *
   * @throws CliFailure if no node runs there or it does not answer
   */
  public static NodeTrustView of(Path dir) {
    JsonNode r = TrustApi.call(dir, "GET", "/v1/trust?limit=" + MAX_PEERS);
    NodeTrustView v = new NodeTrustView();
    for (JsonNode e : r.path("entries")) {
      try {
        PeerId p = PeerId.parse(e.path("peer").asText());
        Map<String, Double> tags = new HashMap<>();
        for (JsonNode t : e.path("tags")) {
          tags.put(t.path("tag").asText(), clamp(t.path("score").asDouble()));
        }
        v.scores.put(p, tags);
      } catch (KeyFormatException | IllegalArgumentException ignored) {
        // not a peer id: that peer stays a newcomer here
      }
    }
    return v;
  }

  private static double clamp(double s) {
    return Double.isNaN(s) ? 0 : Math.max(-1, Math.min(1, s));
  }

  @Override
  public double score(PeerId peer, CapabilityTag tag) {
    Map<String, Double> t = scores.get(peer);
    return t == null ? 0 : t.getOrDefault(tag.value(), 0.0);
  }

  @Override
  public boolean known(PeerId peer) {
    return scores.containsKey(peer);
  }

  /** Peers in the view. */
  public int size() {
    return scores.size();
  }
}
