package io.ap2p.cli.discovery;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.cli.net.DialFailures;
import io.ap2p.cli.net.DialOptions;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.core.discovery.registry.RegistryMessage;
import io.ap2p.core.identity.IdentityProof;
import io.ap2p.core.wire.Bytes;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.discovery.RegistryProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ap2p publish}: send one signed descriptor to a registry, as it is, and show the verdict.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Send an already signed descriptor to a registry once, over a connection",
      "authenticated with --key, and print the registry's verdict. The registry accepts",
      "only descriptors of the peer it is talking to. To keep a descriptor registered,",
      "run 'ap2p node start --publish TEMPLATE --registry-peer …' instead. A registry that",
      "prices identities (--identity-bits) refuses a key without an identity proof: this",
      "command then mints one of the bits it asks (up to --max-identity-bits) and sends the",
      "descriptor again; the proof is not kept ('ap2p key proof' keeps one for a node)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:accepted (or an identical copy was already held)",
      "1:refused or ignored (e.g. an older seq), with the registry's reason, or the registry",
      "  could not be reached",
      "2:bad usage (e.g. --max-identity-bits out of range)"
    })
public final class PublishCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--registry-peer",
      required = true,
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "The registry, e.g. /ip4/127.0.0.1/tcp/4011/p2p/12D3KooW…")
  Multiaddr registry;

  @Mixin DescriptorInput input = new DescriptorInput();

  @Mixin DialOptions dial = new DialOptions();

  @Option(
      names = "--max-identity-bits",
      paramLabel = "BITS",
      defaultValue = "24",
      description =
          "The most bits of identity proof to mint when the registry asks for one, 0 to 32"
              + " (default: ${DEFAULT-VALUE}, seconds of one core; 0: never mint)")
  int maxIdentityBits;

  @Override
  public Integer call() {
    if (dial.key == null) {
      throw new CliFailure(
          "--key: required; the registry accepts a descriptor only from its own peer");
    }
    if (maxIdentityBits < 0 || maxIdentityBits > IdentityProof.MAX_BITS) {
      throw new ParameterException( // a usage error (exit 2), as node start's flag of that name
          spec.commandLine(),
          "--max-identity-bits: expected 0 to "
              + IdentityProof.MAX_BITS
              + ", got "
              + maxIdentityBits);
    }
    byte[] bytes = input.read(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (Host host = dial.host("ap2p/" + Version.get())) {
      RegistryMessage.Ack ack = register(host, bytes, Bytes.EMPTY);
      if (ack.status() == RegistryMessage.Status.REJECTED
          && ack.identityBits() > 0
          && ack.reason().startsWith("IDENTITY_PROOF_")) {
        if (ack.identityBits() > maxIdentityBits) {
          throw new CliFailure(
              "rejected: the registry requires an identity proof of "
                  + ack.identityBits()
                  + " bits, more than --max-identity-bits "
                  + maxIdentityBits
                  + (ack.identityBits() > IdentityProof.MAX_BITS
                      ? " (and more than the "
                          + IdentityProof.MAX_BITS
                          + " bits ap2p ever mints: use another registry)"
                      : " (about 2^" + ack.identityBits() + " hashes; raise it to mint one)"));
        }
        spec.commandLine()
            .getErr()
            .println(
                "the registry requires an identity proof of "
                    + ack.identityBits()
                    + " bits: minting one (about 2^"
                    + ack.identityBits()
                    + " hashes)");
        Bytes proof = IdentityProof.mint(host.peerId(), ack.identityBits()).counter();
        ack = register(host, bytes, proof);
      }
      String line =
          ack.status()
              + " "
              + ack.reason()
              + (ack.detail().isEmpty() ? "" : ": " + ack.detail())
              + (ack.expiresAtMillis() > 0
                  ? " (expires " + Instant.ofEpochMilli(ack.expiresAtMillis()) + ")"
                  : "");
      if (ack.status() == RegistryMessage.Status.REJECTED) {
        throw new CliFailure("rejected: " + line);
      }
      if (ack.status() == RegistryMessage.Status.IGNORED && !ack.reason().equals("DUPLICATE")) {
        throw new CliFailure("not registered: " + line);
      }
      out.println(line);
    }
    return ExitCodes.OK;
  }

  private RegistryMessage.Ack register(Host host, byte[] bytes, Bytes proof) {
    Optional<RegistryMessage> answer;
    try {
      answer =
          RegistryProtocol.PROTOCOL.call(
              host.connect(registry), new RegistryMessage.Register(Bytes.wrap(bytes), proof));
    } catch (IOException e) {
      throw new CliFailure("cannot publish to " + registry + ": " + DialFailures.describe(e));
    }
    if (!(answer.orElse(null) instanceof RegistryMessage.Ack ack)) {
      throw new CliFailure("registry answered out of protocol: " + answer);
    }
    return ack;
  }
}
