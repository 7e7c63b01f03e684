package io.ap2p.cli.revocation;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.net.DialOptions;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.core.trust.revocation.RevocationCodec;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import io.ap2p.core.wire.WireFormatException;
import io.ap2p.net.multiaddr.Multiaddr;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p revoke send}: send a signed revocation file to registries. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
      "Send a signed revocation (a file that 'ap2p key rotate', 'ap2p key revoke' or",
      "'ap2p revoke descriptor' kept under DIR/revocations/) to registries, for one that",
      "was down or that joined later. Anyone may send it: its signatures authenticate it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every registry took it (or already held it)",
      "1:not a revocation, or a registry refused or could not be reached"
    })
public final class RevokeSendCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The signed revocation.")
  Path file;

  @Option(
      names = "--registry-peer",
      required = true,
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "A registry to send it to (repeatable, at most 16).")
  List<Multiaddr> registries;

  @Mixin DialOptions dial = new DialOptions();

  @Override
  public Integer call() {
    Bytes signed;
    try {
      if (Files.size(file) > RevocationCodec.MAX_BYTES) {
        throw new CliFailure(file + ": over " + RevocationCodec.MAX_BYTES + " bytes");
      }
      signed = Bytes.wrap(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getMessage());
    }
    SignedRevocation s;
    try {
      s = RevocationCodec.decode(signed);
    } catch (WireFormatException e) {
      throw new CliFailure(file + ": not a signed revocation: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("sending: " + s);
    RevocationTargets t = new RevocationTargets();
    t.registries = registries;
    t.dial = dial;
    return t.send(signed, out) ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
