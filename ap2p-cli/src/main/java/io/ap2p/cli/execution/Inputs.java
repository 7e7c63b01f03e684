package io.ap2p.cli.execution;

import io.ap2p.cli.Ap2pCommand;
import io.ap2p.cli.CliFailure;
import io.ap2p.node.api.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A task's input from a file or standard input: at most 64 MiB, and its media type guessed. */
final class Inputs {

  private Inputs() {}

  /**
   * Reads {@code name} ({@code -}: standard input), refusing more than 64 MiB before reading it.
   *
   * @throws ParameterException naming {@code flag} for a missing file or a directory
   * @throws CliFailure naming {@code flag} for an input too large or unreadable
   */
  static byte[] read(CommandSpec spec, String name, String flag) {
    long max = ApiJson.MAX_INPUT;
    if (name.equals("-")) {
      InputStream in = ((Ap2pCommand) spec.root().userObject()).stdin();
      try {
        return limited(in.readNBytes((int) max + 1), flag, "standard input");
      } catch (IOException e) {
        throw new CliFailure(flag + ": cannot read standard input: " + e.getMessage());
      }
    }
    Path p = Path.of(name);
    if (!Files.exists(p)) {
      throw DelegationOptions.usage(spec, flag + ": no such file: " + name);
    }
    if (Files.isDirectory(p)) {
      throw DelegationOptions.usage(spec, flag + ": " + name + " is a directory");
    }
    try {
      if (Files.isRegularFile(p) && Files.size(p) > max) {
        throw new CliFailure(
            flag + ": " + name + " is larger than 64 MiB (" + Files.size(p) + " bytes)");
      }
      try (InputStream in = Files.newInputStream(p)) {
        return limited(in.readNBytes((int) max + 1), flag, name);
      }
    } catch (IOException e) {
      throw new CliFailure(flag + ": cannot read " + name + ": " + e.getMessage());
    }
  }

  private static byte[] limited(byte[] b, String flag, String what) {
    if (b.length > ApiJson.MAX_INPUT) {
      throw new CliFailure(flag + ": " + what + " is larger than 64 MiB");
    }
    return b;
  }

  /** The media type of an input given without one: by extension, else by content. */
  static String guess(String name, byte[] bytes) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".json")) {
      return "application/json";
    }
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".txt") || n.endsWith(".md")) {
      return "text/plain; charset=utf-8";
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return "text/plain; charset=utf-8";
    } catch (CharacterCodingException e) {
      return "application/octet-stream";
    }
  }
}
