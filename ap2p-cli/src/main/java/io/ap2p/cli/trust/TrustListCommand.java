package io.ap2p.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.wire.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p trust list}: every peer in the node's view, best first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Every peer the node holds a record of, best first: overall score (-1 to 1, a",
      "newcomer is 0), the weight of good and bad evidence left after aging, per-tag scores."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "1:no node running with that data directory, or it refused"})
public final class TrustListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "Most peers shown (1-10000, default ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the node's answer as JSON.")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 10_000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--limit: 1 to 10000, got " + limit);
    }
    Path dir = TrustApi.dir(node);
    JsonNode r = TrustApi.call(dir, "GET", "/v1/trust?limit=" + limit);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.pretty(r));
      return ExitCodes.OK;
    }
    if (r.path("entries").isEmpty()) {
      out.println("no peers in the trust view of " + dir);
      return ExitCodes.OK;
    }
    out.printf(Locale.ROOT, "%-52s  %6s  %7s  %7s  %s%n", "PEER", "SCORE", "GOOD", "BAD", "TAGS");
    for (JsonNode e : r.path("entries")) {
      StringBuilder tags = new StringBuilder();
      for (JsonNode t : e.path("tags")) {
        tags.append(tags.isEmpty() ? "" : ", ")
            .append(t.path("tag").asText())
            .append(' ')
            .append(TrustApi.score(t.path("score").asDouble()));
      }
      out.printf(
          Locale.ROOT,
          "%-52s  %6s  %7.2f  %7.2f  %s%n",
          e.path("peer").asText(),
          TrustApi.score(e.path("score").asDouble()),
          e.path("good").asDouble(),
          e.path("bad").asDouble(),
          tags);
    }
    int peers = r.path("peers").asInt();
    if (peers > r.path("entries").size()) {
      out.println("(" + r.path("entries").size() + " of " + peers + " peers; --limit for more)");
    }
    return ExitCodes.OK;
  }
}
