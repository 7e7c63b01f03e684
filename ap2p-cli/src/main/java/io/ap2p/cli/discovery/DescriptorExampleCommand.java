package io.ap2p.cli.discovery;

import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.DescriptorExamples;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p descriptor example}: an unsigned template to start from. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = {
      "Print an unsigned example descriptor template.",
      "It is the paper's image-generation capability. Edit it, then sign it:",
      "  ap2p descriptor example | ap2p descriptor sign --key KEY"
    })
public final class DescriptorExampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(DescriptorExamples.imageGenerationTemplate());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
