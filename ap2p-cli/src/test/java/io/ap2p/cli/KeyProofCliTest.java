package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p key proof}: mints once, keeps the proof for the key, refuses bad input by name. */
class KeyProofCliTest {

  @TempDir Path dir;

  @Test
  void mintsKeepsAndReusesTheProofOfTheDataDirectorysKey() throws Exception {
    PrivateKey key = PrivateKey.generate(new SecureRandom());
    KeyFiles.write(dir.resolve(DataDir.IDENTITY_FILE), key, false);
    CliRunner.Result r = CliRunner.run("key", "proof", "--bits", "10", "--data", dir.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).contains("minting a proof of 10 bits").contains("minted in");
    assertThat(r.out()).contains("peer id: " + key.peerId());
    String hex = r.out().lines().filter(l -> l.startsWith("counter: ")).findFirst().orElseThrow();
    Bytes counter = Bytes.fromHex(hex.substring("counter: ".length()).strip());
    assertThat(IdentityProof.bits(key.peerId(), counter)).isGreaterThanOrEqualTo(10);
    try (Database db = Database.open(dir)) {
      assertThat(db.identityProofs().get(key.peerId()).orElseThrow().counter()).isEqualTo(counter);
    }
    // asked again for as many bits or fewer: reused, not minted
    CliRunner.Result again = CliRunner.run("key", "proof", "--bits", "8", "--data", dir.toString());
    assertThat(again.code()).isEqualTo(ExitCodes.OK);
    assertThat(again.err()).contains("kept already").doesNotContain("minting");
    assertThat(again.out()).contains(hex);
  }

  @Test
  void aKeyFileGivenIsTheOneMintedFor() throws Exception {
    PrivateKey other = PrivateKey.generate(new SecureRandom());
    Path file = dir.resolve("other.key");
    KeyFiles.write(file, other, false);
    CliRunner.Result r =
        CliRunner.run(
            "key", "proof", "--bits", "6", "--data", dir.toString(), "--key", file.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("peer id: " + other.peerId());
    try (Database db = Database.open(dir)) {
      assertThat(db.identityProofs().get(other.peerId())).isPresent();
    }
  }

  @Test
  void badInputIsRefusedNamingTheFlag() throws Exception {
    for (String bits : new String[] {"0", "33", "-1", "many"}) {
      CliRunner.Result r = CliRunner.run("key", "proof", "--bits", bits, "--data", dir.toString());
      assertThat(r.code()).as(bits).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(bits).contains("--bits");
    }
    CliRunner.Result noKey = CliRunner.run("key", "proof", "--bits", "4", "--data", dir.toString());
    assertThat(noKey.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(noKey.err()).contains("--data: no key file");
    Path junk = dir.resolve("junk.key");
    Files.write(junk, new byte[] {1, 2, 3});
    junk.toFile().setReadable(false, false);
    junk.toFile().setReadable(true, true);
    CliRunner.Result bad =
        CliRunner.run(
            "key", "proof", "--bits", "4", "--data", dir.toString(), "--key", junk.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.REJECTED);
    assertThat(bad.err()).contains("--key:");
    CliRunner.Result help = CliRunner.run("key", "proof", "--help");
    assertThat(help.code()).isEqualTo(ExitCodes.OK);
    assertThat(help.out()).contains("--bits").contains("identity proof");
  }
}
