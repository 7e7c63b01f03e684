package io.ap2p.cli.net;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.Stream;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Ping;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p ping}: round trips to a libp2p peer over {@code /ipfs/ping/1.0.0}. */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Dial a libp2p peer and measure round trips with the ping protocol.",
      "With /p2p/<peer id> in the address, the remote must prove that identity."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every ping answered", "1:the dial or a ping failed (the reason is printed)"})
public final class PingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "Whom to ping, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…")
  Multiaddr addr;

  @Option(
      names = {"-c", "--count"},
      paramLabel = "N",
      defaultValue = "4",
      description = "Pings to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--interval-ms",
      paramLabel = "MS",
      defaultValue = "1000",
      description = "Pause between pings (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Mixin DialOptions dial = new DialOptions();

  @Override
  public Integer call() throws InterruptedException {
    if (count < 1 || count > 1_000_000) {
      throw new CliFailure("--count: must be 1 … 1000000, got " + count);
    }
    if (intervalMs < 0 || intervalMs > 3_600_000) {
      throw new CliFailure("--interval-ms: must be 0 … 3600000, got " + intervalMs);
    }
    PrintWriter out = spec.commandLine().getOut();
    Duration timeout = dial.timeout();
    try (Host host = dial.host("ap2p/" + Version.get())) {
      Connection c;
      try {
        c = host.connect(addr);
      } catch (IOException e) {
        throw new CliFailure("cannot reach " + addr + ": " + DialFailures.describe(e));
      }
      out.println("PING " + c.remotePeer() + " at " + c.remoteAddr());
      out.flush();
      List<Duration> rtts = new ArrayList<>();
      try (Stream s = c.newStream(Ping.PROTOCOL_ID)) {
        for (int i = 1; i <= count; i++) {
          Duration rtt = Ping.once(s, host.random(), timeout);
          rtts.add(rtt);
          out.printf(Locale.ROOT, "pong %d: time=%.3f ms%n", i, rtt.toNanos() / 1e6);
          out.flush();
          if (i < count && intervalMs > 0) {
            Thread.sleep(intervalMs);
          }
        }
      } catch (IOException e) {
        throw new CliFailure("ping failed: " + DialFailures.describe(e));
      }
      double min = rtts.stream().mapToLong(Duration::toNanos).min().orElse(0) / 1e6;
      double avg = rtts.stream().mapToLong(Duration::toNanos).average().orElse(0) / 1e6;
      double max = rtts.stream().mapToLong(Duration::toNanos).max().orElse(0) / 1e6;
      out.printf(
          Locale.ROOT,
          "%d pings answered; rtt min/avg/max = %.3f/%.3f/%.3f ms%n",
          rtts.size(),
          min,
          avg,
          max);
    }
    return ExitCodes.OK;
  }
}
