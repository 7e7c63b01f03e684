package io.ap2p.cli.discovery;

import io.ap2p.cli.CliIo;
import io.ap2p.core.discovery.DescriptorPolicy;
import picocli.CommandLine.Model.CommandSpec;

/** Reads descriptor files for the descriptor verbs, within the descriptor size limit. */
final class DescriptorInput {

  private DescriptorInput() {}

  /** The bytes of {@code path} (or standard input for "-"), at most the policy's size limit. */
  static byte[] read(CommandSpec spec, String path, String flag) {
    return CliIo.read(spec, path, DescriptorPolicy.DEFAULTS.maxBytes(), flag);
  }
}
