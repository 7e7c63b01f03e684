package io.ap2p.cli.identity;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.Database;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import io.ap2p.node.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ap2p key proof}: mint a node's identity proof ahead of time. */
@Command(
    name = "proof",
    mixinStandardHelpOptions = true,
    description = {
      "Mint an identity proof for a node's key and keep it in its data directory,",
      "so the node need not pay when a registry started with --identity-bits asks",
      "for one: a counter such that SHA-256(\"ap2p/identity/v1\", peer id, counter)",
      "starts with BITS zero bits, about 2^BITS hashes on one core",
      "(docs/discovery.md has the cost per bit). The proof is bound to the key: a",
      "rotated key needs a new one. A proof of BITS or more already kept is reused.",
      "Progress goes to stderr; stdout gets the peer id, the bits and the counter."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:a proof of at least BITS is kept", "1:no proof kept (key, data directory)"})
public final class KeyProofCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bits",
      required = true,
      paramLabel = "BITS",
      description = "Leading zero bits to reach, 1 to 32 (each bit doubles the work).")
  int bits;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The node's data directory: its identity.key is used and its database keeps the"
              + " proof (default: $AP2P_DATA, else ~/.ap2p).")
  Path data;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Mint for this key file instead of the data directory's identity.key.")
  Path key;

  @Override
  public Integer call() {
    if (bits < 1 || bits > IdentityProof.MAX_BITS) {
      throw new ParameterException(
          spec.commandLine(), "--bits: expected 1 to " + IdentityProof.MAX_BITS + ", got " + bits);
    }
    Path dir = data != null ? data : DataDir.defaultPath(System.getenv());
    PrivateKey k = key(dir);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Database db = open(dir)) {
      Optional<IdentityProof.Minted> held = db.identityProofs().get(k.peerId());
      if (held.isPresent() && held.get().bits() >= bits) {
        err.println("ap2p: a proof of " + held.get().bits() + " bits is kept already");
        print(out, k, held.get());
        return ExitCodes.OK;
      }
      err.println(
          "ap2p: minting a proof of "
              + bits
              + " bits for "
              + k.peerId()
              + " (about 2^"
              + bits
              + " = "
              + String.format("%,d", 1L << bits)
              + " hashes; Ctrl-C stops)");
      err.flush();
      long start = System.nanoTime();
      long[] checks = {0, start};
      IdentityProof.Minted m =
          IdentityProof.mint(
                  k.peerId(),
                  bits,
                  () -> {
                    long now = System.nanoTime();
                    if (now - checks[1] >= 2_000_000_000L) { // every 2 s
                      checks[1] = now;
                      long hashes = checks[0] * IdentityProof.CHECK_EVERY;
                      err.printf(
                          "ap2p: %,d hashes, %,.0f/s%n", hashes, hashes / ((now - start) / 1e9));
                      err.flush();
                    }
                    checks[0]++;
                    return true;
                  })
              .orElseThrow();
      double seconds = (System.nanoTime() - start) / 1e9;
      db.identityProofs().put(k.peerId(), m, System.currentTimeMillis());
      err.printf(
          "ap2p: minted in %.1f s (%,d hashes, %,.0f/s); kept in %s%n",
          seconds, m.hashes(), m.hashes() / Math.max(seconds, 1e-9), db.file());
      print(out, k, m);
      return ExitCodes.OK;
    } catch (StoreException e) {
      throw new CliFailure("--data: cannot keep the proof in " + dir + ": " + e.getMessage());
    }
  }

  private static void print(PrintWriter out, PrivateKey k, IdentityProof.Minted m) {
    out.println("peer id: " + k.peerId());
    out.println("bits:    " + m.bits());
    out.println("counter: " + m.counter().toHex());
    out.flush();
  }

  private PrivateKey key(Path dir) {
    Path file = key != null ? key : dir.resolve(DataDir.IDENTITY_FILE);
    if (!Files.exists(file)) {
      throw new CliFailure(
          (key != null ? "--key: " : "--data: ")
              + "no key file "
              + file
              + (key != null ? "" : " ('ap2p node start' creates it, or give --key)"));
    }
    try {
      return KeyFiles.read(file);
    } catch (KeyFileException e) {
      throw new CliFailure((key != null ? "--key: " : "--data: ") + e.getMessage());
    }
  }

  private static Database open(Path dir) {
    try {
      return DataDir.open(dir).openDatabase();
    } catch (IOException e) {
      throw new CliFailure("--data: cannot use " + dir + ": " + e.getMessage());
    } catch (StoreException e) {
      throw new CliFailure("--data: " + dir + ": " + e.getMessage());
    }
  }
}
