package io.ap2p.cli.discovery;

import io.ap2p.cli.CliIo;
import io.ap2p.core.discovery.DescriptorPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/** The signed-descriptor FILE argument that the reading verbs share, within the size limit. */
final class DescriptorInput {

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Signed descriptor ('-' for standard input, the default).")
  String file;

  /** The bytes of FILE. */
  byte[] read(CommandSpec spec) {
    return read(spec, file, "FILE");
  }

  /** The bytes of {@code path} (or standard input for "-"), at most the policy's size limit. */
  static byte[] read(CommandSpec spec, String path, String flag) {
    return CliIo.read(spec, path, DescriptorPolicy.DEFAULTS.maxBytes(), flag);
  }
}
