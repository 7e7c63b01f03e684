package io.ap2p.cli.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.NodeApiClient;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.store.DataDir;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p status}: what a running node publishes, where, and when each descriptor expires. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a running node (started with 'ap2p node start') what it publishes, to which",
      "registry, whether each descriptor is discoverable right now and when it expires,",
      "and which registries held it at the last check (every 3 s, over",
      "/ap2p/registry-sync/1.0.0); for a federated registry, its replication counts.",
      "Talks to the node's local API, found through api.json in its data directory."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:status printed",
      "1:no node running with that data directory, or it did not answer"
    })
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(names = "--json", description = "Print the node's answer as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path dir = node != null ? node : DataDir.defaultPath(System.getenv());
    HttpResponse<byte[]> got;
    try (NodeApiClient api = NodeApiClient.open(dir)) {
      got = api.send("GET", "/v1/status", null, Duration.ofSeconds(10));
    }
    String body = new String(got.body(), java.nio.charset.StandardCharsets.UTF_8);
    if (got.statusCode() != 200) {
      throw new CliFailure("the node answered HTTP " + got.statusCode() + ": " + body);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
      return ExitCodes.OK;
    }
    JsonNode s;
    try {
      s = Json.parse(got.body());
    } catch (JsonFormatException e) {
      throw new CliFailure("the node answered malformed JSON: " + e.getMessage());
    }
    out.println(
        "node:        " + s.path("peerId").asText() + " (" + s.path("agentVersion").asText() + ")");
    s.path("listen").forEach(a -> out.println("listening:   " + a.asText()));
    out.println("connections: " + s.path("connections").asInt());
    StringBuilder refused = new StringBuilder();
    s.path("resources")
        .path("refusals")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().asLong() > 0) {
                refused.append(refused.isEmpty() ? "" : ", ");
                refused.append(e.getKey()).append(' ').append(e.getValue().asLong());
              }
            });
    out.println("refused:     " + (refused.isEmpty() ? "nothing" : refused));
    JsonNode reg = s.path("registry");
    out.println(
        "registry:    "
            + (reg.isNull() || reg.isMissingNode()
                ? "not serving"
                : "serving, " + reg.path("descriptors").asInt() + " descriptor(s) held"));
    JsonNode fed = s.path("federation");
    if (!fed.isNull() && !fed.isMissingNode()) {
      out.println(
          "federation:  "
              + fed.path("mesh").asInt()
              + " replica(s) in the mesh, "
              + fed.path("published").asLong()
              + " published, "
              + fed.path("replicasAccepted").asLong()
              + " replicated in, "
              + fed.path("replicasRejected").asLong()
              + " refused as forged"
              + (fed.path("caughtUp").asBoolean() ? ", caught up" : ", not caught up yet"));
    }
    JsonNode dht = s.path("dht");
    if (!dht.isNull() && !dht.isMissingNode()) {
      out.println(
          "dht:         "
              + dht.path("protocol").asText()
              + ", "
              + dht.path("routingTable").asInt()
              + " peer(s) in the routing table, "
              + dht.path("providerRecords").asInt()
              + " provider record(s) held for others");
    }
    JsonNode pub = s.path("publishing");
    if (pub.isNull() || pub.isMissingNode()) {
      out.println("publishing:  nothing");
      return ExitCodes.OK;
    }
    out.println("publishing to " + pub.path("registry").asText() + ":");
    for (JsonNode d : pub.path("descriptors")) {
      boolean ok = d.path("discoverable").asBoolean();
      long expires = d.path("expiresInSeconds").asLong();
      out.println(
          "  "
              + d.path("id").asText()
              + "  seq "
              + d.path("seq").asLong()
              + "  "
              + (ok ? "DISCOVERABLE, expires in " + expires + " s" : "NOT DISCOVERABLE")
              + ", next refresh in "
              + d.path("nextRefreshInSeconds").asLong()
              + " s, registry said: "
              + d.path("lastVerdict").asText());
      JsonNode held = d.path("heldBy");
      if (held.isArray()) {
        StringBuilder by = new StringBuilder();
        held.forEach(h -> by.append(by.isEmpty() ? "" : ", ").append(h.asText()));
        out.println("    held by: " + (by.isEmpty() ? "no registry (as last checked)" : by));
      }
    }
    return ExitCodes.OK;
  }
}
