package io.ap2p.cli.a2a;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p a2a}: the group of A2A commands. */
@Command(
    name = "a2a",
    mixinStandardHelpOptions = true,
    description = {
      "A2A (agent-to-agent) AgentCards: a running node's card, signed with its Ed25519 key",
      "(JWS, EdDSA, kid = peer id), and verifying a card against a key you pin.",
      "The node also answers A2A JSON-RPC on its local API (see docs/a2a.md)."
    },
    subcommands = {A2aCardCommand.class, A2aVerifyCommand.class})
public final class A2aCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
