package io.ap2p.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Reading and writing the files and streams that commands take, with size limits. */
public final class CliIo {

  /** The name that stands for standard input or output. */
  public static final String STDIO = "-";

  private CliIo() {}

  /**
   * Reads at most {@code limit} bytes from {@code path}, or standard input for {@code "-"}.
   *
   * @throws CliFailure if missing, unreadable or larger than {@code limit}, naming {@code flag}
   */
  public static byte[] read(CommandSpec spec, String path, int limit, String flag) {
    String what = path.equals(STDIO) ? "standard input" : path;
    try (InputStream in =
        path.equals(STDIO) ? nonClosing(stdin(spec)) : Files.newInputStream(Path.of(path))) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new CliFailure(flag + ": " + what + " is larger than " + limit + " bytes");
      }
      if (bytes.length == 0) {
        throw new CliFailure(flag + ": " + what + " is empty");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new CliFailure(flag + ": no such file: " + path);
    } catch (IOException e) {
      throw new CliFailure(flag + ": cannot read " + what + ": " + e.getMessage());
    }
  }

  /** Writes {@code text} to {@code path}, or to the command's output for {@code "-"}. */
  public static void write(CommandSpec spec, String path, String text, String flag) {
    if (path.equals(STDIO)) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return;
    }
    try {
      Path target = Path.of(path).toAbsolutePath();
      Path tmp = Files.createTempFile(target.getParent(), ".ap2p-", ".tmp");
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliFailure(flag + ": cannot write " + path + ": " + e.getMessage());
    }
  }

  private static InputStream stdin(CommandSpec spec) {
    return ((Ap2pCommand) spec.root().userObject()).stdin();
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // standard input stays open
      }
    };
  }
}
