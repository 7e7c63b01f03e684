package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.identity.PrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: owner-only, atomic, never overwritten by accident, refused when exposed. */
class KeyFilesTest {

  @TempDir Path dir;
  final PrivateKey key = PrivateKey.generate(new SecureRandom());

  @Test
  void writesOwnerOnlyAndReadsBack() throws Exception {
    Path file = dir.resolve("sub/node.key");
    KeyFiles.write(file, key, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.size(file)).isEqualTo(68);
    assertThat(KeyFiles.read(file).peerId()).isEqualTo(key.peerId());
    try (var files = Files.list(file.getParent())) {
      assertThat(files).hasSize(1); // no temporary file left behind
    }
  }

  @Test
  void refusesToOverwriteUnlessAsked() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, key, false);
    PrivateKey other = PrivateKey.generate(new SecureRandom());
    assertThatThrownBy(() -> KeyFiles.write(file, other, false))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("already exists");
    assertThat(KeyFiles.read(file).peerId()).isEqualTo(key.peerId());
    KeyFiles.write(file, other, true);
    assertThat(KeyFiles.read(file).peerId()).isEqualTo(other.peerId());
  }

  @Test
  void ofTwoRacingWritersWithoutOverwriteExactlyOneWins() throws Exception {
    PrivateKey[] keys = {key, PrivateKey.generate(new SecureRandom())};
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 50; round++) {
        Path file = dir.resolve("race-" + round + "/node.key");
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Boolean>> wins = new ArrayList<>();
        for (PrivateKey k : keys) {
          wins.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      KeyFiles.write(file, k, false);
                      return true;
                    } catch (KeyFileException e) {
                      assertThat(e).hasMessageContaining("already exists");
                      return false;
                    }
                  }));
        }
        boolean first = wins.get(0).get();
        boolean second = wins.get(1).get();
        assertThat(first ^ second).as("exactly one writer wins in round %d", round).isTrue();
        PrivateKey winner = first ? keys[0] : keys[1];
        assertThat(KeyFiles.read(file).peerId()).isEqualTo(winner.peerId());
        try (var files = Files.list(file.getParent())) {
          assertThat(files).containsExactly(file); // no temporary file left behind
        }
      }
    }
  }

  @Test
  void refusesAKeyOthersCanReadAndSaysHowToFixIt() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, key, false);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFiles.read(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void hostileFilesAreRefusedWithoutLeakingBytes() throws Exception {
    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> KeyFiles.read(missing)).hasMessageContaining("does not exist");

    Path garbage = dir.resolve("garbage.key");
    Files.write(garbage, new byte[] {8, 1, 18, 64, 1, 2, 3});
    Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.read(garbage)).hasMessageContaining("not a libp2p");

    Path big = dir.resolve("big.key");
    Files.write(big, new byte[10_000]);
    Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.read(big)).hasMessageContaining("larger");

    Path truncated = dir.resolve("truncated.key");
    byte[] good = key.exportProtobuf().toByteArray();
    Files.write(truncated, java.util.Arrays.copyOf(good, 40));
    Files.setPosixFilePermissions(truncated, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> KeyFiles.read(truncated))
        .isInstanceOf(KeyFileException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.exportProtobuf().toHex()));
  }
}
