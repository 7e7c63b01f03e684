package io.ap2p.cli.a2a;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.CliIo;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.NodeApiClient;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.a2a.AgentCards;
import io.ap2p.node.store.DataDir;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p a2a card}: the signed AgentCard of a running node. */
@Command(
    name = "card",
    mixinStandardHelpOptions = true,
    description = {
      "Print the A2A AgentCard of a running node: one skill per capability it serves, its",
      "A2A JSON-RPC endpoint on the local API, bearer authentication, and a JWS signature",
      "by the node's Ed25519 key (alg EdDSA, kid = its peer id) over the RFC 8785 canonical",
      "card. The node must be running: the card names the endpoint it listens on now and",
      "what it serves now. Check it with 'ap2p a2a verify CARD --key PEER'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed", "1:no node running with that data directory, or it refused"})
public final class A2aCardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Where to write the card (default: standard output).")
  String out;

  @Override
  public Integer call() {
    Path dir = node != null ? node : DataDir.defaultPath(System.getenv());
    HttpResponse<byte[]> r;
    try (NodeApiClient api = NodeApiClient.open(dir)) {
      r = api.send("GET", AgentCards.WELL_KNOWN_PATH, null, Duration.ofSeconds(10));
    }
    if (r.statusCode() != 200) {
      throw new CliFailure(
          "the node of "
              + dir
              + " answered HTTP "
              + r.statusCode()
              + (r.statusCode() == 404 ? " (an older version without A2A?)" : "")
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
    try {
      CliIo.write(spec, out, Json.pretty(Json.parse(r.body())) + "\n", "--out");
    } catch (JsonFormatException e) {
      throw new CliFailure("the node's card is not JSON: " + e.getMessage());
    }
    return ExitCodes.OK;
  }
}
