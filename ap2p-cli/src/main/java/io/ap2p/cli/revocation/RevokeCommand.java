package io.ap2p.cli.revocation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p revoke}: signed revocations of descriptors, and sending them. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Revoke a descriptor before its TTL, or send a signed revocation again.",
      "Keys are rotated with 'ap2p key rotate' and declared compromised with",
      "'ap2p key revoke' (see docs/revocation.md)."
    },
    subcommands = {RevokeDescriptorCommand.class, RevokeSendCommand.class})
public final class RevokeCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
