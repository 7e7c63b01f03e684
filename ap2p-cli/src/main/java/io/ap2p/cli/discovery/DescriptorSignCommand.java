package io.ap2p.cli.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.CliIo;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.discovery.DescriptorSigning;
import io.ap2p.core.discovery.SignedDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.SystemClock;
import io.ap2p.core.wire.Json;
import io.ap2p.core.wire.JsonFormatException;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p descriptor sign}: template in, signed descriptor out. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a descriptor template with an identity key.",
      "Fills in 'peer' from the key, sets 'issuedAt' to now and, when the template",
      "has no 'seq', uses the time in milliseconds so that each re-signing",
      "supersedes the last. Writes canonical (RFC 8785) JSON."
    })
public final class DescriptorSignCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "Identity key file.")
  Path key;

  @Option(
      names = "--in",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Template to sign ('-' for standard input, the default).")
  String in;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "Where to write the signed descriptor ('-' for standard output, the default).")
  String out;

  @Override
  public Integer call() {
    PrivateKey signer;
    try {
      signer = KeyFiles.read(key);
    } catch (KeyFileException e) {
      throw new CliFailure("--key: " + e.getMessage());
    }
    byte[] bytes = DescriptorInput.read(spec, in, "--in");
    CapabilityDescriptor descriptor;
    try {
      JsonNode template = Json.parse(bytes);
      descriptor = DescriptorSigning.fromTemplate(template, signer, SystemClock.INSTANCE.instant());
    } catch (JsonFormatException e) {
      throw new CliFailure("--in: " + e.getMessage());
    }
    SignedDescriptor signed = DescriptorSigning.sign(descriptor, signer);
    CliIo.write(spec, out, signed.toJsonBytes().toUtf8() + "\n", "--out");
    if (!out.equals(CliIo.STDIO)) {
      spec.commandLine()
          .getErr()
          .println("signed " + descriptor.id() + " seq " + descriptor.seq() + " -> " + out);
    }
    return ExitCodes.OK;
  }
}
