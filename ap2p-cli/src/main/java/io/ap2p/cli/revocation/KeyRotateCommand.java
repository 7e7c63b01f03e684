package io.ap2p.cli.revocation;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ap2p key rotate}: hand a node's identity over to a new key. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
      "Hand a stopped node's identity over to a new key: generate the key, sign the",
      "hand-over with the old key and countersign it with the new one, archive the old",
      "key under DIR/retired/, make the new one DIR/identity.key, keep the hand-over in",
      "DIR/revocations/ and send it to the registries given. Registries then drop the old",
      "key's descriptors at once and refuse new ones; requesters that learn of the",
      "hand-over carry their reputation and reciprocity for the old key over to the new",
      "(docs/revocation.md). Start the node again to publish under the new key."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:rotated, and every registry given took the hand-over",
      "1:not rotated (a running node, no key), or rotated but a registry refused or could",
      "  not be reached (send the kept file again with 'ap2p revoke send')"
    })
public final class KeyRotateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RevocationTargets targets = new RevocationTargets();

  @Override
  public Integer call() {
    targets.requireStopped();
    PrivateKey old = targets.key();
    PrivateKey next = PrivateKey.generate(new SecureRandom());
    Bytes handOver = SignedRevocation.rotate(old, next, System.currentTimeMillis()).encoded();
    Path dir = targets.dir();
    Path retired = dir.resolve("retired").resolve(old.peerId() + ".key");
    try {
      Files.createDirectories(retired.getParent());
      KeyFiles.write(retired, old, false);
      Path kept = targets.keep("handover-" + old.peerId() + ".rev", handOver);
      KeyFiles.write(dir.resolve(DataDir.IDENTITY_FILE), next, true);
      PrintWriter out = spec.commandLine().getOut();
      out.println("old key:   " + old.peerId() + " (archived in " + retired + ")");
      out.println("new key:   " + next.peerId());
      out.println("hand-over: " + kept);
      return targets.send(handOver, out) ? ExitCodes.OK : ExitCodes.REJECTED;
    } catch (KeyFileException | java.io.IOException e) {
      throw new CliFailure("cannot rotate the key in " + dir + ": " + e.getMessage());
    }
  }
}
