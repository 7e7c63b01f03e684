package io.ap2p.cli.sim;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p sim}: the discrete-event simulator. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Run the discrete-event simulator: the paper's experiments (Sybil poisoning, scale,",
      "TTL under drift) and adversaries beyond them, on the same ap2p-core code real",
      "peers run. Deterministic: the same scenario and seeds give identical results.",
      "Scenario keys are documented in docs/simulation.md."
    },
    subcommands = {SimListCommand.class, SimShowCommand.class, SimRunCommand.class})
public final class SimCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
