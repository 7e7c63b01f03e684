package io.ap2p.cli.dispute;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.trust.dispute.DisputeCodec;
import io.ap2p.core.trust.dispute.DisputeException;
import io.ap2p.core.trust.dispute.DisputeVerifier;
import io.ap2p.core.wire.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p dispute verify BUNDLE}: checks a bundle offline and says who signed what. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a dispute bundle offline, with nothing but the bundle: every",
      "signature in it and that its pieces agree. Prints what each party",
      "signed, or why the bundle is refused."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:refused (tampered, forged, swapped, malformed or oversized; the reason is printed)",
      "2:usage error"
    })
public final class DisputeVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle file ('ap2p dispute export').")
  Path bundle;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(bundle)) {
      throw new CliFailure("no such file: " + bundle);
    }
    byte[] data;
    try (InputStream in = Files.newInputStream(bundle)) {
      data = in.readNBytes(DisputeCodec.MAX_BYTES + 1); // never more than the limit plus one
    }
    try {
      for (String line : DisputeVerifier.verify(DisputeCodec.decode(Bytes.wrap(data)))) {
        spec.commandLine().getOut().println(line);
      }
      return ExitCodes.OK;
    } catch (DisputeException e) {
      spec.commandLine().getOut().println("refused: " + e.getMessage());
      return ExitCodes.REJECTED;
    }
  }
}
