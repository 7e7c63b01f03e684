package io.ap2p.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.cli.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token lives in an owner-only file; one that others may read is refused. */
class TokenFileTest {

  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aTokenForThisRunIsWrittenToAnOwnerOnlyFileAndDeletedAfter() throws Exception {
    TokenFile t = TokenFile.forThisRun();
    assertThat(t.temporary()).isTrue();
    assertThat(t.token()).matches("[0-9a-f]{64}");
    assertThat(mode(t.path())).isEqualTo("rw-------");
    assertThat(Files.readString(t.path()).strip()).isEqualTo(t.token());
    assertThat(t.toString()).doesNotContain(t.token());
    assertThat(TokenFile.forThisRun().token()).isNotEqualTo(t.token());
    t.release();
    assertThat(t.path()).doesNotExist();
  }

  @Test
  void aMissingTokenFileIsCreatedOwnerOnlyAndReadBack() throws Exception {
    Path f = dir.resolve("token");
    TokenFile t = TokenFile.of(f);
    assertThat(mode(f)).isEqualTo("rw-------");
    assertThat(TokenFile.of(f).token()).isEqualTo(t.token());
    t.release();
    assertThat(f).exists();
  }

  @Test
  void aTokenFileGroupOrOthersMayReadIsRefused() throws Exception {
    for (String m : new String[] {"rw-r--r--", "rw-r-----", "rw-----w-"}) {
      Path f = dir.resolve("token-" + m);
      Files.writeString(f, "a-long-enough-token-0123456789\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(m));
      assertThatThrownBy(() -> TokenFile.of(f))
          .isInstanceOf(CliFailure.class)
          .hasMessageContaining("--token-file")
          .hasMessageContaining("chmod 600")
          .hasMessageNotContaining("a-long-enough-token");
    }
    Path ok = dir.resolve("ok");
    Files.writeString(ok, "a-long-enough-token-0123456789\n");
    Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rw-------"));
    assertThat(TokenFile.of(ok).token()).isEqualTo("a-long-enough-token-0123456789");
  }

  @Test
  void aTokenFileThatIsLargeOrHoldsNoTokenIsRefused() throws Exception {
    for (String content : new String[] {"short", "x".repeat(2000), "two words here, long enough"}) {
      Path f = dir.resolve("bad");
      Files.deleteIfExists(f);
      Files.writeString(f, content);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
      assertThatThrownBy(() -> TokenFile.of(f)).isInstanceOf(CliFailure.class);
    }
  }
}
