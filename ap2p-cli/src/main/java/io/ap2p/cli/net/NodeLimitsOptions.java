package io.ap2p.cli.net;

import io.ap2p.net.host.HostLimits;
import io.ap2p.net.resource.ResourceLimits;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code node start}'s flags for the host's connection and resource limits (docs/limits.md). */
public final class NodeLimitsOptions {

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Most connections at once, inbound and outbound (default: 512).")
  Integer maxConnections;

  @Option(
      names = "--max-pending-handshakes",
      paramLabel = "N",
      description =
          "Most inbound connections still in their handshake; when full, the stalest is closed to"
              + " make room (default: 64).")
  Integer maxPendingHandshakes;

  @Option(
      names = "--max-connections-per-ip",
      paramLabel = "N",
      description =
          "Most inbound connections from one remote IP, loopback excepted (default: 16; raise it"
              + " when many peers share an address).")
  Integer maxConnectionsPerIp;

  @Option(
      names = "--max-buffered-mib",
      paramLabel = "MIB",
      description =
          "Most bytes received from peers and not yet read, node-wide, in MiB; a stream that would"
              + " pass it is reset (default: 128).")
  Integer maxBufferedMib;

  private static int check(CommandSpec spec, String flag, Integer v, int max) {
    if (v < 1 || v > max) {
      throw new ParameterException(
          spec.commandLine(), flag + ": expected 1 to " + max + ", got " + v);
    }
    return v;
  }

  /**
   * {@code base} with these flags applied.
   *
   * @throws ParameterException naming the flag at fault
   */
  public HostLimits apply(CommandSpec spec, HostLimits base) {
    HostLimits l = base;
    if (maxConnections != null) {
      l = l.withMaxConnections(check(spec, "--max-connections", maxConnections, 65_536));
    }
    if (maxPendingHandshakes != null) {
      l =
          l.withMaxPendingHandshakes(
              check(spec, "--max-pending-handshakes", maxPendingHandshakes, 4096));
    }
    ResourceLimits.Builder r = l.resources().toBuilder();
    if (maxConnectionsPerIp != null) {
      r.maxInboundConnectionsPerIp(
          check(spec, "--max-connections-per-ip", maxConnectionsPerIp, 65_536));
    }
    if (maxBufferedMib != null) {
      r.maxBufferedBytes((long) check(spec, "--max-buffered-mib", maxBufferedMib, 65_536) << 20);
    }
    return l.withResources(r.build());
  }
}
