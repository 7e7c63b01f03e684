package io.ap2p.net.host;

import io.ap2p.core.identity.PrivateKey;
import io.ap2p.core.time.Clock;
import io.ap2p.core.time.SystemClock;
import io.ap2p.net.multiaddr.Multiaddr;
import java.security.SecureRandom;
import java.util.List;

/**
 * How to run a host.
 *
 * @param identity the node's identity key
 * @param listen TCP addresses to listen on ({@code /ip4/127.0.0.1/tcp/0} picks a free port); may be
 *     empty for a dial-only host
 * @param agentVersion what identify reports, such as {@code ap2p/0.1.0}
 * @param limits connection, stream and time limits
 * @param clock time source for backoff
 * @param random randomness for handshakes and pings
 */
public record HostConfig(
    PrivateKey identity,
    List<Multiaddr> listen,
    String agentVersion,
    HostLimits limits,
    Clock clock,
    SecureRandom random) {

  /** A configuration; the listen list is copied. */
  public HostConfig {
    listen = List.copyOf(listen);
  }

  /** Defaults around an identity and listen addresses. */
  public static HostConfig of(PrivateKey identity, List<Multiaddr> listen, String agentVersion) {
    return new HostConfig(
        identity,
        listen,
        agentVersion,
        HostLimits.DEFAULTS,
        SystemClock.INSTANCE,
        new SecureRandom());
  }

  /** This configuration with other limits. */
  public HostConfig withLimits(HostLimits l) {
    return new HostConfig(identity, listen, agentVersion, l, clock, random);
  }
}
