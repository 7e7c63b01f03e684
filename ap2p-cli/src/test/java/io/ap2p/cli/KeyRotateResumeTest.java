package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review (rev3): {@code ap2p key rotate} stopped (crash, kill) after it swapped the identity key
 * but before {@code recordOwn} put the hand-over in the node's database. The rerun finds next.key
 * equal to the identity, deletes it and fails with "already rotated ... send the hand-over with
 * 'ap2p revoke send'", which sends to registries but never records it in the database: the node
 * never presents its hand-over on {@code /ap2p/handover/1.0.0}, so no provider carries its old
 * account over.
 */
class KeyRotateResumeTest {

  @TempDir Path dir;

  @Test
  void aRerunAfterACrashPastTheSwapStillRecordsTheHandOver() throws Exception {
    SecureRandom random = new SecureRandom();
    PrivateKey old = PrivateKey.generate(random);
    PrivateKey next = PrivateKey.generate(random);
    Database.open(dir).close(); // the node ran once: it has a database
    // the state the command leaves when stopped between the swap and recordOwn
    Files.createDirectories(dir.resolve("retired"));
    KeyFiles.write(dir.resolve("retired").resolve(old.peerId() + ".key"), old, true);
    KeyFiles.write(dir.resolve("next.key"), next, false);
    KeyFiles.write(dir.resolve("identity.key"), next, true);
    Bytes handOver = SignedRevocation.rotate(old, next, System.currentTimeMillis()).encoded();
    Files.createDirectories(dir.resolve("revocations"));
    Files.write(
        dir.resolve("revocations").resolve("handover-" + old.peerId() + ".rev"),
        handOver.toByteArray());

    CliRunner.Result r = CliRunner.run("key", "rotate", "--node", dir.toString());

    try (Database db = Database.open(dir)) {
      assertThat(db.revocations().live(System.currentTimeMillis()))
          .as("the node's own book after the rerun (%s%s)", r.out(), r.err())
          .contains(handOver);
    }
  }
}
