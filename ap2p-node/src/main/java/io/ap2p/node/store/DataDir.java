package io.ap2p.node.store;

import io.ap2p.core.identity.PrivateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A node's data directory: its identity key ({@code identity.key}) and its database ({@code
 * ap2p.db}, see {@link Database}). Created on first use with owner-only permissions.
 */
public final class DataDir {

  /** The identity key's file name inside the directory. */
  public static final String IDENTITY_FILE = "identity.key";

  private final Path path;

  private DataDir(Path path) {
    this.path = path;
  }

  /** {@code $AP2P_DATA} if set, else {@code ~/.ap2p}. */
  public static Path defaultPath(Map<String, String> env) {
    String explicit = env.get("AP2P_DATA");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    return Path.of(System.getProperty("user.home"), ".ap2p");
  }

  /**
   * Opens {@code dir}, creating it (mode 0700) if absent.
   *
   * @throws IOException if it cannot be created or is not a writable directory
   */
  public static DataDir open(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IOException(abs + " exists and is not a directory");
    }
    if (!Files.exists(abs)) {
      try {
        Files.createDirectories(
            abs,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(abs); // not a POSIX file system
      }
    }
    if (!Files.isWritable(abs)) {
      throw new IOException(abs + " is not writable");
    }
    return new DataDir(abs);
  }

  /** The directory. */
  public Path path() {
    return path;
  }

  /** Where the identity key lives. */
  public Path identityFile() {
    return path.resolve(IDENTITY_FILE);
  }

  /** Where the database lives. */
  public Path databaseFile() {
    return path.resolve(Database.FILE_NAME);
  }

  /**
   * Opens the node's database, creating and migrating it as needed; the caller closes it.
   *
   * @throws StoreException if it cannot be opened (not a database, damaged, from a newer ap2p)
   */
  public Database openDatabase() {
    return Database.open(path);
  }

  /** An identity key and whether it was just created. */
  public record Identity(PrivateKey key, boolean created) {}

  /**
   * Reads the identity key, or generates and stores one on first use.
   *
   * @throws KeyFileException if an existing key file is unreadable, malformed or too open
   */
  public Identity loadOrCreateIdentity(SecureRandom random) throws KeyFileException {
    Path f = identityFile();
    if (Files.exists(f)) {
      return new Identity(KeyFiles.read(f), false);
    }
    PrivateKey key = PrivateKey.generate(random);
    KeyFiles.write(f, key, false);
    return new Identity(key, true);
  }
}
