package io.ap2p.cli.execution;

import io.ap2p.cli.ExitCodes;
import io.ap2p.node.execution.workflow.WorkflowFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p workflow example}: the paper's workflow, to start from. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = {
      "Print an example workflow file: the paper's two steps, generate an image",
      "from a prompt, then publish it (irreversible, so it gets full evidence).",
      "Run it with",
      "  ap2p workflow run <(ap2p workflow example) --registry-peer MULTIADDR"
    })
public final class WorkflowExampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(WorkflowFile.example());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
