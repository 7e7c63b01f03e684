package io.ap2p.cli.mcp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p mcp}: ap2p and the Model Context Protocol. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "ap2p for MCP clients (agents): 'serve' offers the network as MCP tools",
      "(find, invoke, workflows, trust). See docs/mcp.md."
    },
    subcommands = {McpServeCommand.class})
public final class McpCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
