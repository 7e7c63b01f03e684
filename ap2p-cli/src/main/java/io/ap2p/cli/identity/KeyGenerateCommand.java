package io.ap2p.cli.identity;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p key generate}: a fresh identity key. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate an Ed25519 identity key and print its peer id.",
      "The file holds the libp2p protobuf private key, readable by its owner only",
      "(mode 0600)."
    })
public final class KeyGenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the key. An existing file is never overwritten.")
  Path out;

  @Override
  public Integer call() {
    PrivateKey key = PrivateKey.generate(new SecureRandom());
    try {
      KeyFiles.write(out, key, false);
    } catch (KeyFileException e) {
      throw new CliFailure("--out: " + e.getMessage());
    }
    spec.commandLine().getOut().println(key.peerId());
    return ExitCodes.OK;
  }
}
