package io.ap2p.node.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local API's bearer token alone in {@code api.token} (mode 0600) beside {@code api.json}, for
 * a Prometheus scrape job's {@code authorization: credentials_file}. Written at each start (the
 * token changes with every start), atomically.
 */
public final class ScrapeToken {

  /** The file's name in the data directory. */
  public static final String FILE = "api.token";

  private ScrapeToken() {}

  /** Writes {@code token} to {@code dataDir/api.token}, owner-only. */
  public static void write(Path dataDir, String token) throws IOException {
    Path tmp =
        Files.createTempFile(
            dataDir,
            ".token-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, token);
      Files.move(
          tmp,
          dataDir.resolve(FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
