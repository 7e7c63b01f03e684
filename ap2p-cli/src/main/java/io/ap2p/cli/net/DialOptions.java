package io.ap2p.cli.net;

import io.ap2p.cli.CliFailure;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.host.HostLimits;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by commands that dial a peer once: identity and timeout. */
public final class DialOptions {

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Identity to dial with (default: a fresh, throw-away identity).")
  public Path key;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "Limit for the dial, the handshake and each answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  public Duration timeout() {
    if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
      throw new CliFailure("--timeout: must be 1 … 3600 seconds, got " + timeoutSeconds);
    }
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** A dial-only host (no listener) with this identity and timeout. */
  public Host host(String agentVersion) {
    Duration t = timeout();
    PrivateKey identity;
    SecureRandom random = new SecureRandom();
    if (key == null) {
      identity = PrivateKey.generate(random);
    } else {
      try {
        identity = KeyFiles.read(key);
      } catch (KeyFileException e) {
        throw new CliFailure("--key: " + e.getMessage());
      }
    }
    HostLimits limits = HostLimits.DEFAULTS.withTimeouts(t);
    try {
      return Host.start(HostConfig.of(identity, List.of(), agentVersion).withLimits(limits));
    } catch (IOException e) {
      throw new CliFailure("cannot start: " + e.getMessage());
    }
  }
}
