package io.ap2p.cli.execution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p workflow}: multi-step delegations described in a file. */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = {
      "Run workflows: steps that each delegate one capability, in order, every",
      "step taking its own input or an earlier step's output (docs/execution.md,",
      "\"Workflow files\"). Start from 'ap2p workflow example'."
    },
    subcommands = {WorkflowExampleCommand.class, WorkflowRunCommand.class})
public final class WorkflowCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
