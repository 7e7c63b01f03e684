package io.ap2p.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.wire.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p trust show PEER}: one peer's scores per tag and its recent outcomes. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "One peer as the node sees it: overall and per-tag scores, and the outcomes it",
      "recorded most recently (result, canary, timeout, receipt, error), newest first."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shown (a peer never seen is shown as a newcomer)",
      "1:no node running with that data directory, or it refused",
      "2:PEER is not a peer id"
    })
public final class TrustShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PEER", description = "The peer id (12D3KooW…).")
  String peer;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(
      names = "--history",
      paramLabel = "N",
      defaultValue = "20",
      description = "Most recent outcomes shown (1-100, default ${DEFAULT-VALUE}).")
  int history;

  @Option(names = "--json", description = "Print the node's answer as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PeerId id = TrustApi.peer(spec.commandLine(), peer);
    if (history < 1 || history > 100) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--history: 1 to 100, got " + history);
    }
    JsonNode r =
        TrustApi.call(TrustApi.dir(node), "GET", "/v1/trust/" + id + "?history=" + history);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(r));
      return ExitCodes.OK;
    }
    out.println("peer:   " + id);
    if (!r.path("known").asBoolean()) {
      out.println("score:  " + TrustApi.score(0) + " (no record: a newcomer)");
      return ExitCodes.OK;
    }
    out.printf(
        Locale.ROOT,
        "score:  %s (good %.2f, bad %.2f after aging; last outcome %s)%n",
        TrustApi.score(r.path("score").asDouble()),
        r.path("good").asDouble(),
        r.path("bad").asDouble(),
        Instant.ofEpochMilli(r.path("lastAtMillis").asLong()));
    out.println("tags:");
    for (JsonNode t : r.path("tags")) {
      out.printf(
          Locale.ROOT,
          "  %-30s %s  good %.2f  bad %.2f%n",
          t.path("tag").asText(),
          TrustApi.score(t.path("score").asDouble()),
          t.path("good").asDouble(),
          t.path("bad").asDouble());
    }
    JsonNode h = r.path("history");
    out.println(h.isEmpty() ? "recent outcomes: none stored" : "recent outcomes (newest first):");
    for (JsonNode o : h) {
      out.printf(
          Locale.ROOT,
          "  %s  %-30s %-8s %s%n",
          Instant.ofEpochMilli(o.path("atMillis").asLong()),
          o.path("tag").asText(),
          o.path("kind").asText(),
          o.path("ok").asBoolean() ? "good" : "bad");
    }
    return ExitCodes.OK;
  }
}
