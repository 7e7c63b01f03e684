package io.ap2p.node.store;

import io.ap2p.core.identity.KeyFormatException;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
   * Writes {@code key} to {@code file} atomically with mode 0600: a temporary file in the same
   * directory is written and fsynced, then put in place, then the directory is fsynced so the new
   * name survives a crash.
   *
   * <p>With {@code overwrite}, the temporary file is renamed over the target. Without it, the
   * target is created as a hard link to the temporary file, which fails atomically if the target
   * exists (so of two concurrent writers exactly one wins), and the temporary name is removed.
   *
   * @param overwrite whether an existing file may be replaced
   * @throws KeyFileException if the file exists and {@code overwrite} is false, if the file system
   *     cannot rename atomically or (without {@code overwrite}) link, or on I/O failure
   */
  public static void write(Path file, PrivateKey key, boolean overwrite) throws KeyFileException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".key-", ".tmp", ownerOnlyAttribute(dir));
      Bytes encoded = key.exportProtobuf();
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(encoded.toByteArray());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (overwrite) {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        tmp = null;
      } else {
        linkNew(target, tmp);
        Files.delete(tmp);
        tmp = null;
      }
      syncDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(
          target + " already exists; refusing to overwrite an identity key (choose another path)");
    } catch (AtomicMoveNotSupportedException e) {
      throw new KeyFileException(
          "cannot write key file " + target + ": the file system cannot rename atomically");
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

  /**
   * Creates {@code target} as a new name for {@code tmp}'s content: link(2) either creates it or
   * fails with {@link FileAlreadyExistsException}, with no window in between.
   */
  private static void linkNew(Path target, Path tmp) throws IOException, KeyFileException {
    try {
      Files.createLink(target, tmp);
    } catch (UnsupportedOperationException e) {
      throw unlinkable(target, "hard links are not supported");
    } catch (FileSystemException e) {
      if (e.getClass() != FileSystemException.class) {
        throw e; // already exists, access denied, no such file: reported as they are
      }
      throw unlinkable(target, e.getReason() == null ? e.getMessage() : e.getReason());
    }
  }

  private static KeyFileException unlinkable(Path target, String why) {
    return new KeyFileException(
        "cannot create key file "
            + target
            + " without risking overwriting another: the file system refused a hard link ("
            + why
            + "); put the key on a file system that supports hard links");
  }

  /**
   * Flushes {@code dir}'s entries (the new name) to disk. On file systems without POSIX semantics
   * (Windows) a directory cannot be opened; there the rename's own durability is all there is.
   */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (supportsPosix(dir)) {
        throw e;
      }
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
