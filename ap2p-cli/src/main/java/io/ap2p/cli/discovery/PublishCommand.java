package io.ap2p.cli.discovery;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.cli.net.DialFailures;
import io.ap2p.cli.net.DialOptions;
import io.ap2p.cli.net.MultiaddrConverter;
import io.ap2p.core.discovery.registry.RegistryMessage;
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
      "run 'ap2p node start --publish TEMPLATE --registry-peer …' instead."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:accepted (or an identical copy was already held)",
      "1:refused or ignored (e.g. an older seq), with the registry's reason, or the registry",
      "  could not be reached"
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

  @Override
  public Integer call() {
    if (dial.key == null) {
      throw new CliFailure(
          "--key: required; the registry accepts a descriptor only from its own peer");
    }
    byte[] bytes = input.read(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (Host host = dial.host("ap2p/" + Version.get())) {
      Optional<RegistryMessage> answer;
      try {
        answer =
            RegistryProtocol.PROTOCOL.call(
                host.connect(registry), new RegistryMessage.Register(Bytes.wrap(bytes)));
      } catch (IOException e) {
        throw new CliFailure("cannot publish to " + registry + ": " + DialFailures.describe(e));
      }
      if (!(answer.orElse(null) instanceof RegistryMessage.Ack ack)) {
        throw new CliFailure("registry answered out of protocol: " + answer);
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
}
