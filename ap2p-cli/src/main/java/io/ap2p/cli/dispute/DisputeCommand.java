package io.ap2p.cli.dispute;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p dispute}: the group of dispute commands. */
@Command(
    name = "dispute",
    mixinStandardHelpOptions = true,
    description = {
      "Evidence for a dispute over a task: export what this node holds of it",
      "(the signed descriptor it was chosen under, the request digest and nonce,",
      "the provider's signed receipts with attestations and traces), and verify",
      "such a bundle offline (docs/disputes.md)."
    },
    subcommands = {DisputeExportCommand.class, DisputeVerifyCommand.class})
public final class DisputeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
