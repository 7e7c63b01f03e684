package io.ap2p.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.node.discovery.Federation;
import io.ap2p.node.discovery.Publishing;
import java.util.List;

/** The federation's parts of {@code GET /v1/status}: replication counts and holders. */
final class FederationStatus {

  private FederationStatus() {}

  /** The registries that held {@code capabilityId}'s current version at the last check. */
  static ArrayNode holders(Publishing p, String capabilityId) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    p.holders().getOrDefault(capabilityId, List.of()).forEach(a::add);
    return a;
  }

  /** This registry's federation: peers, mesh and replication counts. */
  static ObjectNode json(Federation f) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("topic", Federation.TOPIC);
    ArrayNode peers = o.putArray("peers");
    f.peers().forEach(a -> peers.add(a.toString()));
    o.put("mesh", f.gossip().mesh(Federation.TOPIC).size());
    Federation.Stats s = f.stats();
    o.put("published", s.published());
    o.put("replicasAccepted", s.accepted());
    o.put("replicasIgnored", s.ignored());
    o.put("replicasRejected", s.rejected());
    o.put("caughtUp", s.caughtUp());
    o.put("synced", s.synced());
    o.put("gossipBytesSent", f.gossip().bytesSent());
    return o;
  }
}
