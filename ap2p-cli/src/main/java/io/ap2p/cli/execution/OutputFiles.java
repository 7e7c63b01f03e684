package io.ap2p.cli.execution;

import io.ap2p.cli.CliFailure;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Where outputs go: file extensions by media type, text or not, atomic writes. */
final class OutputFiles {

  private OutputFiles() {}

  /** The lower-case {@code type/subtype}, without parameters. */
  static String essence(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** Whether the type is JSON ({@code application/json} or {@code application/…+json}). */
  static boolean isJson(String mediaType) {
    String e = essence(mediaType);
    return e.equals("application/json") || (e.startsWith("application/") && e.endsWith("+json"));
  }

  /** Whether content of this type can be shown on a terminal: text or JSON. */
  static boolean isText(String mediaType) {
    return essence(mediaType).startsWith("text/") || isJson(mediaType);
  }

  /** The extension an output of this type is saved with: png, json, txt or bin. */
  static String extension(String mediaType) {
    String e = essence(mediaType);
    if (e.equals("image/png")) {
      return "png";
    }
    if (isJson(mediaType)) {
      return "json";
    }
    if (e.startsWith("text/")) {
      return "txt";
    }
    return "bin";
  }

  /**
   * Writes {@code bytes} to {@code target} atomically, creating its directory.
   *
   * @throws CliFailure naming {@code flag} if it cannot
   */
  static void write(Path target, Bytes bytes, String flag) {
    try {
      Path abs = target.toAbsolutePath();
      Files.createDirectories(abs.getParent());
      // not createTempFile: its file is owner-only, and outputs get the user's usual mode
      Path tmp =
          abs.resolveSibling(
              "." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
      try {
        Files.write(tmp, bytes.toByteArray(), StandardOpenOption.CREATE_NEW);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CliFailure(flag + ": cannot write " + target + ": " + e.getMessage());
    }
  }
}
