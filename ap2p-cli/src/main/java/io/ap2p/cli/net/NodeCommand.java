package io.ap2p.cli.net;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p node}: run a node. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run an ap2p node (a libp2p peer).",
    subcommands = {NodeStartCommand.class})
public final class NodeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
