package io.ap2p.cli.discovery;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p descriptor}: signed capability descriptors. */
@Command(
    name = "descriptor",
    mixinStandardHelpOptions = true,
    description = {
      "Write, sign, verify and inspect capability descriptors.",
      "A descriptor is the signed, expiring statement \"peer P can do X under",
      "constraints C, in state S, until T\" (see docs/descriptor.md)."
    },
    subcommands = {
      DescriptorExampleCommand.class,
      DescriptorSignCommand.class,
      DescriptorVerifyCommand.class,
      DescriptorShowCommand.class
    })
public final class DescriptorCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
