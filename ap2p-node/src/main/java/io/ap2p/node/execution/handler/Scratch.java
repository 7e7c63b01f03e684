package io.ap2p.node.execution.handler;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Per-task scratch directories: owner-only, deleted with everything in them afterwards. */
final class Scratch {

  private static final System.Logger LOG = System.getLogger(Scratch.class.getName());

  private Scratch() {}

  /** A new empty directory under {@code root} (created if absent), readable by the owner only. */
  static Path create(Path root) throws IOException {
    Files.createDirectories(root);
    try {
      return Files.createTempDirectory(
          root,
          "task-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      return Files.createTempDirectory(root, "task-"); // not a POSIX file system
    }
  }

  /** Deletes {@code dir} and its contents; failures are logged, not thrown. */
  static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot delete scratch directory " + dir, e);
    }
  }
}
