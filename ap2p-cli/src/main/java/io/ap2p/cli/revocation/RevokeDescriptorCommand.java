package io.ap2p.cli.revocation;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.core.discovery.CapabilityDescriptor;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.trust.revocation.Revocation;
import io.ap2p.core.trust.revocation.SignedRevocation;
import io.ap2p.core.wire.Bytes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p revoke descriptor}: revoke one of a node's descriptors before its TTL. */
@Command(
    name = "descriptor",
    mixinStandardHelpOptions = true,
    description = {
      "Revoke every version up to --seq of one of the node's descriptors, signed by the",
      "node's key, and send the revocation to the registries given: they drop it from",
      "their answers at once, replicate it to their federation, and refuse those versions",
      "for a day (the longest TTL a registry accepts). A later version, with a higher seq,",
      "is not affected. A running node that still publishes the capability re-publishes",
      "it with a new seq: withdraw it there first (stop serving it, or stop the node)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every registry given took the revocation",
      "1:bad arguments or key, or a registry refused or could not be reached"
    })
public final class RevokeDescriptorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin RevocationTargets targets = new RevocationTargets();

  @Option(
      names = "--id",
      required = true,
      paramLabel = "CAPABILITY",
      description = "The descriptor's capability id.")
  String id;

  @Option(
      names = "--seq",
      paramLabel = "N",
      description = {
        "The highest seq revoked (default: now in epoch milliseconds, which is above every",
        "seq a node assigned itself: those are their issue times)."
      })
  Long seq;

  @Override
  public Integer call() {
    if (!CapabilityDescriptor.isValidId(id)) {
      throw new CliFailure("--id: not a capability id (1-64 letters, digits and ._:-): " + id);
    }
    long now = System.currentTimeMillis();
    long upTo = seq != null ? seq : now;
    if (upTo < 0) {
      throw new CliFailure("--seq: must not be negative, got " + upTo);
    }
    PrivateKey key = targets.key();
    Bytes signed =
        SignedRevocation.sign(new Revocation.OfDescriptor(key.publicKey(), id, upTo, now), key)
            .encoded();
    PrintWriter out = spec.commandLine().getOut();
    out.println("revoked:    " + key.peerId().shortForm() + "/" + id + " up to seq " + upTo);
    out.println("revocation: " + targets.keep("descriptor-" + id + "-" + upTo + ".rev", signed));
    return targets.send(signed, out) ? ExitCodes.OK : ExitCodes.REJECTED;
  }
}
