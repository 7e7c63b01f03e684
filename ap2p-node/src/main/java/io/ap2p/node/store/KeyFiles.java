package io.ap2p.node.store;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Identity key files: the libp2p protobuf private-key encoding, written atomically with owner-only
 * permissions, and refused on read when others could read them.
 */
public final class KeyFiles {

  /** Largest key file read; a real one has 68 bytes. */
  static final int MAX_FILE_BYTES = 4096;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFiles() {}

  /**
   * Writes {@code key} to {@code file} atomically (temporary file in the same directory, fsync,
   * rename) with mode 0600.
   *
   * @param overwrite whether an existing file may be replaced
   * @throws KeyFileException if the file exists and {@code overwrite} is false, or on I/O failure
   */
  public static void write(Path file, PrivateKey key, boolean overwrite) throws KeyFileException {
    Path target = file.toAbsolutePath();
    if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new KeyFileException(
          target + " already exists; refusing to overwrite an identity key (choose another path)");
    }
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".key-", ".tmp", ownerOnlyAttribute(dir));
      Bytes encoded = key.exportProtobuf();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(encoded.toByteArray()));
        ch.force(true);
      }
      if (overwrite) {
        moveAtomically(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } else {
        moveAtomically(tmp, target);
      }
      tmp = null;
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(target + " already exists; refusing to overwrite an identity key");
    } catch (IOException e) {
      throw new KeyFileException("cannot write key file " + target + ": " + e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file holds nothing the target does not
        }
      }
    }
  }

  private static void moveAtomically(Path from, Path to, StandardCopyOption... extra)
      throws IOException {
    StandardCopyOption[] options = new StandardCopyOption[extra.length + 1];
    options[0] = StandardCopyOption.ATOMIC_MOVE;
    System.arraycopy(extra, 0, options, 1, extra.length);
    try {
      if (extra.length == 0 && Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(to.toString());
      }
      Files.move(from, to, options);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically", e);
    }
  }

  /**
   * Reads the key in {@code file}.
   *
   * @throws KeyFileException if it is missing, readable by others (with the command that fixes it),
   *     too large, or not an Ed25519 libp2p private key
   */
  public static PrivateKey read(Path file) throws KeyFileException {
    Path target = file.toAbsolutePath();
    try {
      if (!Files.isRegularFile(target)) {
        throw new KeyFileException("key file " + target + " does not exist or is not a file");
      }
      checkPermissions(target);
      if (Files.size(target) > MAX_FILE_BYTES) {
        throw new KeyFileException(
            "key file " + target + " is larger than " + MAX_FILE_BYTES + " bytes: not a key");
      }
      byte[] bytes = Files.readAllBytes(target);
      return PrivateKey.fromProtobuf(Bytes.wrap(bytes));
    } catch (NoSuchFileException e) {
      throw new KeyFileException("key file " + target + " does not exist");
    } catch (IOException e) {
      throw new KeyFileException("cannot read key file " + target + ": " + e.getMessage());
    } catch (KeyFormatException e) {
      throw new KeyFileException(
          "key file " + target + " is not a libp2p Ed25519 private key: " + e.getMessage());
    }
  }

  private static void checkPermissions(Path file) throws IOException, KeyFileException {
    if (!supportsPosix(file)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    Set<PosixFilePermission> others = EnumSet.copyOf(perms);
    others.removeAll(
        EnumSet.allOf(PosixFilePermission.class).stream()
            .filter(p -> p.name().startsWith("OWNER"))
            .toList());
    if (!others.isEmpty()) {
      throw new KeyFileException(
          "key file "
              + file
              + " is accessible by other users ("
              + PosixFilePermissions.toString(perms)
              + "); make it private with: chmod 600 "
              + file);
    }
  }

  private static boolean supportsPosix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnlyAttribute(Path dir) {
    return supportsPosix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }
}
