package io.ap2p.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.store.DataDir;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p dashboard}: print a new one-time login link to a running node's dashboard. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Print a new one-time login link to the web dashboard of the node running with",
      "the data directory (docs/dashboard.md). Opening it in a browser on this machine",
      "logs in (a session cookie, 12 h); the link works once, within 10 minutes.",
      "'ap2p node start' prints one such link when it starts."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:no node running with that data directory, or it refused"})
public final class DashboardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Override
  public Integer call() {
    Path dir = node != null ? node : DataDir.defaultPath(System.getenv());
    HttpResponse<byte[]> r;
    try (NodeApiClient api = NodeApiClient.open(dir)) {
      r = api.send("POST", "/dash/link", null, Duration.ofSeconds(10));
    }
    JsonNode body;
    try {
      body = Json.parse(r.body());
    } catch (JsonFormatException e) {
      throw new CliFailure("the node answered HTTP " + r.statusCode() + " without JSON");
    }
    if (r.statusCode() != 201) {
      throw new CliFailure(
          "the node refused: "
              + body.path("error").asText("no dashboard (an older version?)")
              + " (HTTP "
              + r.statusCode()
              + ")");
    }
    spec.commandLine().getOut().println(body.path("url").asText());
    return ExitCodes.OK;
  }
}
