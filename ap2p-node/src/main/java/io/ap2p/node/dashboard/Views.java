package io.ap2p.node.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.PeerInfo;
import io.ap2p.node.LocalApi;
import io.ap2p.node.Node;
import io.ap2p.node.api.TasksEndpoint;
import io.ap2p.node.api.TrustEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The dashboard's live snapshot, one JSON object: {@code node} (the {@code GET /v1/status} answer
 * plus uptime and each connection with its peer's protocols), {@code tasks} (the latest runs in
 * full, as {@code GET /v1/tasks/{id}} answers them), {@code trust} (as {@code GET /v1/trust}) and
 * {@code history} (finished runs for the chart). Built from the same endpoint classes as the API,
 * so the page shows exactly what the API says.
 */
final class Views {

  /** Runs shown in full. */
  static final int TASKS = 20;

  /** Peers shown. */
  static final int PEERS = 100;

  private final LocalApi api;
  private final Node node;
  private final RunHistory history;
  private final long upSinceMillis;
  private final TrustEndpoint trust;

  Views(LocalApi api, Node node, RunHistory history) {
    this.api = api;
    this.node = node;
    this.history = history;
    this.upSinceMillis = node.clock().millis();
    this.trust = new TrustEndpoint(node.trust());
  }

  /** The whole snapshot. */
  ObjectNode snapshot() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.set("node", node());
    o.set("tasks", tasks());
    o.set("trust", parse(trust.handle("GET", TrustEndpoint.PATH, "limit=" + PEERS)));
    ArrayNode h = o.putArray("history");
    for (RunHistory.Point p : history.points()) {
      h.addObject()
          .put("endedAtMillis", p.endedAtMillis())
          .put("ok", p.ok())
          .put("latencyMillis", p.latencyMillis());
    }
    return o;
  }

  private ObjectNode node() {
    ObjectNode o = api.status();
    long now = node.clock().millis();
    o.put("upSinceMillis", upSinceMillis);
    o.put("uptimeSeconds", (now - upSinceMillis) / 1000);
    ArrayNode list = o.putArray("connectionList");
    for (Connection c : node.host().connections()) {
      ObjectNode j = list.addObject();
      j.put("peer", c.remotePeer().toString());
      j.put("addr", c.remoteAddr().toString());
      j.put("direction", c.outbound() ? "outbound" : "inbound");
      Optional<PeerInfo> info = node.host().peerStore().get(c.remotePeer());
      j.put("agent", info.map(PeerInfo::agentVersion).orElse(""));
      ArrayNode protocols = j.putArray("protocols");
      info.ifPresent(i -> i.protocols().stream().sorted().forEach(protocols::add));
    }
    JsonNode pub = o.path("publishing").path("descriptors");
    for (JsonNode d : pub) {
      // a descriptor's seq is the time it was last signed (RegistryPublisher), in ms
      ((ObjectNode) d).put("lastRefreshMillis", d.path("seq").asLong());
    }
    return o;
  }

  private ArrayNode tasks() {
    TasksEndpoint endpoint = api.tasks();
    ArrayNode out = Json.MAPPER.createArrayNode();
    JsonNode list = parse(call(endpoint, TasksEndpoint.PATH, "limit=" + TASKS));
    for (JsonNode brief : list.path("tasks")) {
      String id = brief.path("id").asText();
      TasksEndpoint.Reply r = call0(endpoint, TasksEndpoint.PATH + "/" + id);
      if (r.status() == 200) {
        ObjectNode full = (ObjectNode) parse(r);
        full.set("startedAtMillis", brief.get("startedAtMillis"));
        out.add(full);
      }
    }
    return out;
  }

  private static TasksEndpoint.Reply call(TasksEndpoint e, String path, String query) {
    try {
      return e.handle("GET", path, query, new ByteArrayInputStream(new byte[0]), 0);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static TasksEndpoint.Reply call0(TasksEndpoint e, String path) {
    return call(e, path, null);
  }

  private static JsonNode parse(TasksEndpoint.Reply r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
