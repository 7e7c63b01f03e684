package io.ap2p.cli.revocation;

import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p key revoke}: declare a node's key compromised. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Declare a node's identity key compromised, signed by the key itself, and send the",
      "declaration to the registries given. Registries drop every descriptor of the key at",
      "once and refuse new ones; requesters never choose it again; a hand-over the key",
      "signed becomes void and its successor is refused too (docs/revocation.md). This",
      "cannot be undone: to move to a new key and keep your reputation, use 'ap2p key",
      "rotate' instead."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every registry given took the declaration",
      "1:no key, or a registry refused or could not be reached"
    })
public final class KeyRevokeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RevocationTargets targets = new RevocationTargets();

  @Override
  public Integer call() {
    PrivateKey key = targets.key();
    Bytes signed =
        SignedRevocation.sign(
                new Revocation.Compromise(key.publicKey(), System.currentTimeMillis()), key)
            .encoded();
    PrintWriter out = spec.commandLine().getOut();
    out.println("compromised: " + key.peerId());
    out.println("declaration: " + targets.keep("compromise-" + key.peerId() + ".rev", signed));
    return targets.send(signed, out) ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
