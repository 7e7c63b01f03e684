package io.ap2p.cli.identity;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.PeerId;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p key show}: the public facts of a key file. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print the peer id (both text forms) and public key of a key file.")
public final class KeyShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The key file.")
  Path file;

  @Override
  public Integer call() {
    PrivateKey key;
    try {
      key = KeyFiles.read(file);
    } catch (KeyFileException e) {
      throw new CliFailure(e.getMessage());
    }
    PeerId id = key.peerId();
    PrintWriter out = spec.commandLine().getOut();
    out.println("peer id:    " + id);
    out.println("as CID:     " + id.toCid());
    out.println("key type:   Ed25519");
    out.println("public key: " + key.publicKey().raw().toHex());
    return ExitCodes.OK;
  }
}
