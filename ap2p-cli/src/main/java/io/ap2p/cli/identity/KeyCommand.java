package io.ap2p.cli.identity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p key}: identity keys. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description =
        "Create and inspect Ed25519 identity keys (libp2p key files); mint a key's identity"
            + " proof; rotate or revoke a node's.",
    subcommands = {
      KeyGenerateCommand.class,
      KeyShowCommand.class,
      KeyProofCommand.class,
      io.ap2p.cli.revocation.KeyRotateCommand.class,
      io.ap2p.cli.revocation.KeyRevokeCommand.class
    })
public final class KeyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
