package io.ap2p.cli.revocation;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.RevocationLimits;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
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
      "hand-over carry their reputation and reciprocity for the old key over to the new,",
      "and the node presents it to the providers it meets, so their ledgers follow it",
      "(docs/revocation.md). Start the node again to publish under the new key. A rerun",
      "after a crash resumes with the key saved in DIR/next.key."
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
    Path dir = targets.dir();
    // crash-safe order: the new key is saved (fsync'd) before a hand-over names it, the hand-over
    // is saved before the identity key changes; a rerun after a crash resumes with the saved key
    Path pending = dir.resolve("next.key");
    Path retired = dir.resolve("retired").resolve(old.peerId() + ".key");
    try {
      PrivateKey next;
      if (Files.exists(pending)) {
        next = KeyFiles.read(pending);
        if (next.peerId().equals(old.peerId())) { // the last run swapped the key, then stopped
          int recorded = recordKept(dir, old);
          Files.delete(pending);
          throw new CliFailure(
              "the key was already rotated to "
                  + old.peerId()
                  + " ("
                  + recorded
                  + " kept hand-over(s) to it recorded in the node's database); send the hand-over"
                  + " kept in "
                  + dir.resolve("revocations")
                  + " with 'ap2p revoke send'");
        }
      } else {
        next = PrivateKey.generate(new SecureRandom());
        KeyFiles.write(pending, next, false);
      }
      Bytes handOver = SignedRevocation.rotate(old, next, System.currentTimeMillis()).encoded();
      Path kept = targets.keep("handover-" + old.peerId() + ".rev", handOver);
      recordOwn(dir, old.peerId().toString(), handOver); // before the swap (a rerun records again)
      Files.createDirectories(retired.getParent());
      KeyFiles.write(retired, old, true);
      KeyFiles.write(dir.resolve(DataDir.IDENTITY_FILE), next, true);
      Files.delete(pending);
      PrintWriter out = spec.commandLine().getOut();
      out.println("old key:   " + old.peerId() + " (archived in " + retired + ")");
      out.println("new key:   " + next.peerId());
      out.println("hand-over: " + kept);
      return targets.send(handOver, out) ? ExitCodes.OK : ExitCodes.REJECTED;
    } catch (KeyFileException | java.io.IOException e) {
      throw new CliFailure("cannot rotate the key in " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Records the hand-overs kept in DIR/revocations/ that name {@code current} as successor (a run
   * stopped after the swap, before it recorded its hand-over); returns how many.
   */
  private static int recordKept(Path dir, PrivateKey current) throws java.io.IOException {
    Path kept = dir.resolve("revocations");
    if (!Files.isDirectory(kept)) {
      return 0;
    }
    int n = 0;
    try (var files = Files.newDirectoryStream(kept, "handover-*.rev")) {
      for (Path f : files) {
        if (Files.size(f) > 4096) {
          continue; // not a hand-over this command wrote
        }
        Bytes b = Bytes.wrap(Files.readAllBytes(f));
        try {
          if (io.ap2p.core.trust.revocation.RevocationCodec.decode(b).revocation()
                  instanceof io.ap2p.core.trust.revocation.Revocation.Rotation r
              && r.successor().peerId().equals(current.peerId())) {
            recordOwn(dir, r.peer().toString(), b);
            n++;
          }
        } catch (io.ap2p.core.wire.WireFormatException e) {
          // not a hand-over: left alone
        }
      }
    }
    return n;
  }

  /**
   * Keeps the hand-over in the node's own book (its database), so the node presents it to the
   * providers it meets under the new key and their ledgers follow it (docs/revocation.md).
   */
  private static void recordOwn(Path dir, String old, Bytes handOver) {
    if (!Files.exists(dir.resolve(Database.FILE_NAME))) {
      return; // a node that never ran has no account anywhere to carry over
    }
    try (Database db = Database.open(dir)) { // INSERT OR IGNORE: recording twice is harmless
      db.revocations()
          .add(
              old,
              handOver,
              RevocationLimits.DEFAULTS.retainUntil(
                  io.ap2p.core.trust.revocation.RevocationCodec.decode(handOver).revocation()));
    } catch (io.ap2p.core.wire.WireFormatException e) {
      throw new IllegalStateException("a hand-over this command signed does not decode", e);
    }
  }
}
