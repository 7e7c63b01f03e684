package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p key rotate|revoke} and {@code ap2p revoke descriptor|send} in-process against a real
 * registry on loopback: exit codes, what they print and keep, and their refusals.
 */
class RevocationCliTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
  }

  @AfterAll
  static void close() {
    net.close();
  }

  /** A data directory whose key has registered the example descriptor ("image-gen"). */
  static Path publishedNode(String name) {
    Path dir = tmp.resolve(name);
    Path key = dir.resolve("identity.key");
    CliRunner.Result k = CliRunner.run("key", "generate", "--out", key.toString());
    assertThat(k.code()).as(k.err()).isZero();
    String example = CliRunner.run("descriptor", "example").out();
    CliRunner.Result signed =
        CliRunner.withInput(example, "descriptor", "sign", "--key", key.toString());
    assertThat(signed.code()).as(signed.err()).isZero();
    CliRunner.Result published =
        CliRunner.withInput(
            signed.out(), "publish", "--registry-peer", net.registry(), "--key", key.toString());
    assertThat(published.code()).as(published.err()).isZero();
    return dir;
  }

  static int found() {
    CliRunner.Result r =
        CliRunner.run("find", "--registry-peer", net.registry(), "--tag", "image.generate");
    assertThat(r.code()).as(r.err()).isZero();
    return (int) r.out().lines().filter(l -> l.matches("\\s*\\d+\\. 12D3KooW.*")).count();
  }

  @Test
  void rotateHandsTheKeyOverArchivesTheOldOneAndClearsItsDescriptors() throws Exception {
    Path dir = publishedNode("rotating");
    int before = found();
    PrivateKey old = KeyFiles.read(dir.resolve("identity.key"));
    io.ap2p.node.store.Database.open(dir).close(); // the node ran once: it has a database
    CliRunner.Result r =
        CliRunner.run("key", "rotate", "--node", dir.toString(), "--registry-peer", net.registry());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("old key:   " + old.peerId())
        .contains("ACCEPTED REVOKED: 1 descriptor(s) withdrawn");
    assertThat(found()).isEqualTo(before - 1);
    PrivateKey now = KeyFiles.read(dir.resolve("identity.key"));
    assertThat(now.peerId()).isNotEqualTo(old.peerId());
    assertThat(r.out()).contains("new key:   " + now.peerId());
    Path retired = dir.resolve("retired").resolve(old.peerId() + ".key");
    assertThat(KeyFiles.read(retired).peerId()).isEqualTo(old.peerId());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(retired)))
        .isEqualTo("rw-------");

    // the kept hand-over can be sent again: the registry already holds it
    Path kept = dir.resolve("revocations").resolve("handover-" + old.peerId() + ".rev");
    CliRunner.Result again =
        CliRunner.run("revoke", "send", kept.toString(), "--registry-peer", net.registry());
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("IGNORED DUPLICATE");
    // no key is left pending, and the node's own book holds the hand-over (when it has a
    // database) so it can present it to the providers it meets under the new key
    assertThat(dir.resolve("next.key")).doesNotExist();
    try (var db = io.ap2p.node.store.Database.open(dir)) {
      assertThat(db.revocations().live(System.currentTimeMillis()))
          .contains(io.ap2p.core.wire.Bytes.wrap(Files.readAllBytes(kept)));
    }
  }

  @Test
  void revokeDescriptorAndKeyRevokeClearWhatTheyRevoke() {
    Path dir = publishedNode("revoking");
    int before = found();
    CliRunner.Result r =
        CliRunner.run(
            "revoke",
            "descriptor",
            "--node",
            dir.toString(),
            "--id",
            "image-gen",
            "--registry-peer",
            net.registry());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ACCEPTED REVOKED: 1 descriptor(s) withdrawn");
    assertThat(found()).isEqualTo(before - 1);
    CliRunner.Result k =
        CliRunner.run("key", "revoke", "--node", dir.toString(), "--registry-peer", net.registry());
    assertThat(k.code()).as(k.out() + k.err()).isZero();
    assertThat(k.out()).contains("compromised: 12D3KooW").contains("ACCEPTED REVOKED");
  }

  @Test
  void refusalsNameTheFlagAndExitOne() throws Exception {
    Path dir = publishedNode("refusing");
    Files.writeString(dir.resolve("api.json"), "{}");
    CliRunner.Result running = CliRunner.run("key", "rotate", "--node", dir.toString());
    assertThat(running.code()).isEqualTo(1);
    assertThat(running.err()).contains("--node").contains("stop it first");
    Files.delete(dir.resolve("api.json"));

    CliRunner.Result badId =
        CliRunner.run("revoke", "descriptor", "--node", dir.toString(), "--id", "no spaces");
    assertThat(badId.code()).isEqualTo(1);
    assertThat(badId.err()).contains("--id");
    CliRunner.Result badSeq =
        CliRunner.run(
            "revoke", "descriptor", "--node", dir.toString(), "--id", "image-gen", "--seq", "-1");
    assertThat(badSeq.code()).isEqualTo(1);
    assertThat(badSeq.err()).contains("--seq");
    CliRunner.Result noKey =
        CliRunner.run("key", "revoke", "--node", tmp.resolve("empty").toString());
    assertThat(noKey.code()).isEqualTo(1);
    assertThat(noKey.err()).contains("--node").contains("no identity key");

    Path junk = tmp.resolve("junk.rev");
    Files.write(junk, new byte[] {0x0a, 0x7f, 1, 2});
    CliRunner.Result notOne =
        CliRunner.run("revoke", "send", junk.toString(), "--registry-peer", net.registry());
    assertThat(notOne.code()).isEqualTo(1);
    assertThat(notOne.err()).contains("not a signed revocation");
    Path big = tmp.resolve("big.rev");
    Files.write(big, new byte[4096]);
    assertThat(
            CliRunner.run("revoke", "send", big.toString(), "--registry-peer", net.registry())
                .err())
        .contains("over 512 bytes");

    // without a registry nothing is sent, and it says so; the revocation is kept
    CliRunner.Result unsent =
        CliRunner.run(
            "revoke", "descriptor", "--node", dir.toString(), "--id", "other", "--seq", "3");
    assertThat(unsent.code()).isZero();
    assertThat(unsent.out()).contains("not sent: no --registry-peer given");
    assertThat(dir.resolve("revocations").resolve("descriptor-other-3.rev")).exists();
  }

  @Test
  void helpListsTheVerbs() {
    assertThat(CliRunner.run("revoke", "--help").out()).contains("descriptor").contains("send");
    assertThat(CliRunner.run("key", "--help").out()).contains("rotate").contains("revoke");
  }
}
