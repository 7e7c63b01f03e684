package io.ap2p.cli.trust;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p trust}: the group of trust commands. */
@Command(
    name = "trust",
    mixinStandardHelpOptions = true,
    description = {
      "A running node's own reputation view (Tier 1): what it saw of each peer's work",
      "(results, canaries, timeouts, receipts), aged with a 7-day half-life."
    },
    subcommands = {TrustListCommand.class, TrustShowCommand.class, TrustForgetCommand.class})
public final class TrustCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
