package io.ap2p.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

  @TempDir Path tmp;

  @Test
  void theIdentityIsCreatedOnceAndThenReused() throws Exception {
    DataDir d = DataDir.open(tmp.resolve("a/b"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.path())))
        .isEqualTo("rwx------");
    DataDir.Identity first = d.loadOrCreateIdentity(new SecureRandom());
    assertThat(first.created()).isTrue();
    DataDir.Identity again =
        DataDir.open(tmp.resolve("a/b")).loadOrCreateIdentity(new SecureRandom());
    assertThat(again.created()).isFalse();
    assertThat(again.key().peerId()).isEqualTo(first.key().peerId());
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefused() throws Exception {
    Path f = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> DataDir.open(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void aCorruptIdentityIsReportedNotReplaced() throws Exception {
    DataDir d = DataDir.open(tmp);
    Files.write(
        d.identityFile(), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.CREATE_NEW);
    Files.setPosixFilePermissions(d.identityFile(), PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> d.loadOrCreateIdentity(new SecureRandom()))
        .isInstanceOf(KeyFileException.class);
    assertThat(Files.readAllBytes(d.identityFile())).containsExactly(1, 2, 3);
  }

  @Test
  void theDefaultFollowsAp2pData() {
    assertThat(DataDir.defaultPath(Map.of("AP2P_DATA", "/x/y"))).isEqualTo(Path.of("/x/y"));
    assertThat(DataDir.defaultPath(Map.of()).getFileName().toString()).isEqualTo(".ap2p");
  }
}
