package io.ap2p.cli;

import io.ap2p.cli.discovery.DescriptorCommand;
import io.ap2p.cli.discovery.FindCommand;
import io.ap2p.cli.discovery.PublishCommand;
import io.ap2p.cli.discovery.StatusCommand;
import io.ap2p.cli.execution.InvokeCommand;
import io.ap2p.cli.execution.WorkflowCommand;
import io.ap2p.cli.identity.KeyCommand;
import io.ap2p.cli.net.IdentifyCommand;
import io.ap2p.cli.net.NodeCommand;
import io.ap2p.cli.net.PingCommand;
import io.ap2p.cli.sim.SimCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code ap2p} command: prints the overview when run without a subcommand. */
@Command(
    name = "ap2p",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Agentic peer-to-peer networks: agents publish signed, expiring capability",
      "descriptors, find each other by intent, delegate work and verify the results.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      KeyCommand.class,
      DescriptorCommand.class,
      NodeCommand.class,
      PublishCommand.class,
      FindCommand.class,
      io.ap2p.cli.revocation.RevokeCommand.class,
      StatusCommand.class,
      InvokeCommand.class,
      WorkflowCommand.class,
      io.ap2p.cli.trust.TrustCommand.class,
      io.ap2p.cli.dispute.DisputeCommand.class,
      DashboardCommand.class,
      io.ap2p.cli.a2a.A2aCommand.class,
      io.ap2p.cli.mcp.McpCommand.class,
      PingCommand.class,
      IdentifyCommand.class,
      SimCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:rejected input or failed operation (the reason is printed)",
      "2:usage error (unknown command or flag, bad argument)"
    },
    footer = {"", "Run 'ap2p COMMAND --help' for the options of a command."})
public final class Ap2pCommand implements Runnable {

  @Spec CommandSpec spec;

  private final java.io.InputStream stdin;

  /** The command reading standard input from {@code stdin}. */
  public Ap2pCommand(java.io.InputStream stdin) {
    this.stdin = stdin;
  }

  /** The standard input of this invocation. */
  public java.io.InputStream stdin() {
    return stdin;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
