package io.ap2p.cli.mcp;

import io.ap2p.cli.CliFailure;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The HTTP transport's bearer token, kept in an owner-only file and never printed: MCP hosts keep a
 * server's stderr in their logs, so only the file's path is. A token file others may read is
 * refused.
 *
 * @param path the file holding the token
 * @param token the token
 * @param temporary whether the file was made for this run (and is deleted when it ends)
 */
record TokenFile(Path path, String token, boolean temporary) {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  @Override
  public String toString() {
    return "TokenFile[" + path + "]";
  }

  /** A fresh token in a new owner-only file in the temporary directory, deleted at exit. */
  static TokenFile forThisRun() {
    String t = newToken();
    try {
      Path p;
      try {
        p = Files.createTempFile("ap2p-mcp-token-", ".txt", OWNER_ONLY);
      } catch (UnsupportedOperationException e) {
        // not POSIX (Windows): the user's own temporary directory
        p = Files.createTempFile("ap2p-mcp-token-", ".txt");
      }
      p.toFile().deleteOnExit();
      Files.writeString(p, t + "\n");
      return new TokenFile(p, t, true);
    } catch (IOException e) {
      throw new CliFailure(
          "--http: cannot write a token file (give one with --token-file): " + e.getMessage());
    }
  }

  /**
   * The token in {@code file}, or a fresh one written to it (mode 0600) if it is missing.
   *
   * @throws CliFailure if the file is readable by group or others, too large, or holds no token
   */
  static TokenFile of(Path file) {
    try {
      if (!Files.exists(file)) {
        String t = newToken();
        try {
          Files.createFile(file, OWNER_ONLY);
          Files.writeString(file, t + "\n");
          return new TokenFile(file, t, false);
        } catch (FileAlreadyExistsException e) {
          // written meanwhile: read it below
        }
      }
      try {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream()
            .anyMatch(m -> m.name().startsWith("GROUP") || m.name().startsWith("OTHERS"))) {
          throw new CliFailure(
              "--token-file: "
                  + file
                  + " may be read or written by group or others (mode "
                  + PosixFilePermissions.toString(mode)
                  + "); make it owner-only: chmod 600 "
                  + file);
        }
      } catch (UnsupportedOperationException e) {
        // not POSIX: no modes to check
      }
      if (Files.size(file) > 1024) {
        throw new CliFailure("--token-file: " + file + " is larger than 1 KiB");
      }
      String t = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (t.length() < 16 || !t.matches("[\\x21-\\x7e]+")) {
        throw new CliFailure(
            "--token-file: "
                + file
                + " must hold one token of at least 16 printable characters, no spaces");
      }
      return new TokenFile(file, t, false);
    } catch (IOException e) {
      throw new CliFailure("--token-file: cannot use " + file + ": " + e.getMessage());
    }
  }

  /** Deletes the file if it was made for this run. */
  void release() {
    if (temporary) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // deleted at exit, or left in the temporary directory, owner-only
      }
    }
  }

  private static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Bytes.wrap(b).toHex();
  }
}
