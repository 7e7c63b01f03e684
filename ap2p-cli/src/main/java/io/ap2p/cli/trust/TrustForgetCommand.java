package io.ap2p.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PeerId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p trust forget PEER}: drop a peer's record from the node's view and database. */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Forget a peer: its stored outcomes are deleted and its scores dropped, so the",
      "node treats it as a newcomer (score 0) again, also after a restart."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:forgotten, or there was nothing to forget",
      "1:no node running with that data directory, or it refused",
      "2:PEER is not a peer id"
    })
public final class TrustForgetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PEER", description = "The peer id (12D3KooW…).")
  String peer;

  @Option(
      names = "--node",
      paramLabel = "DIR",
      description = "The node's data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path node;

  @Override
  public Integer call() {
    PeerId id = TrustApi.peer(spec.commandLine(), peer);
    JsonNode r = TrustApi.call(TrustApi.dir(node), "DELETE", "/v1/trust/" + id);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        r.path("forgotten").asBoolean()
            ? "forgot " + id + ": a newcomer again"
            : id + " was not in the trust view: nothing to forget");
    return ExitCodes.OK;
  }
}
