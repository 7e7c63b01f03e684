package io.ap2p.cli.net;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.core.wire.Json;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.net.protocol.Identify;
import io.ap2p.net.protocol.IdentifyRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ap2p identify}: what a libp2p peer says about itself over {@code /ipfs/id/1.0.0}. */
@Command(
    name = "identify",
    mixinStandardHelpOptions = true,
    description = {
      "Dial a libp2p peer and print its identify record: peer id, agent, protocols,",
      "listen addresses and the address it sees us at."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:record printed", "1:the dial or identify failed (the reason is printed)"})
public final class IdentifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "Whom to ask, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…")
  Multiaddr addr;

  @Option(names = "--json", description = "Print the record as JSON.")
  boolean json;

  @Mixin DialOptions dial = new DialOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Host host = dial.host("ap2p/" + Version.get())) {
      IdentifyRecord r;
      Connection c;
      try {
        c = host.connect(addr);
        r = Identify.request(host, c);
      } catch (IOException e) {
        throw new CliFailure("identify of " + addr + " failed: " + DialFailures.describe(e));
      }
      if (json) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("peerId", c.remotePeer().toString());
        o.put("agentVersion", r.agentVersion());
        o.put("protocolVersion", r.protocolVersion());
        ArrayNode protocols = o.putArray("protocols");
        r.protocols().forEach(protocols::add);
        ArrayNode addrs = o.putArray("listenAddrs");
        r.listenAddrs().forEach(a -> addrs.add(a.toString()));
        r.observedAddr().ifPresent(a -> o.put("observedAddr", a.toString()));
        if (r.skippedAddrs() > 0) {
          o.put("skippedAddrs", r.skippedAddrs());
        }
        out.println(Json.pretty(o));
      } else {
        out.println("peer id:          " + c.remotePeer());
        out.println("agent version:    " + r.agentVersion());
        out.println("protocol version: " + r.protocolVersion());
        out.println("listen addresses:");
        r.listenAddrs().forEach(a -> out.println("  " + a.withPeerId(c.remotePeer())));
        if (r.skippedAddrs() > 0) {
          out.println("  (" + r.skippedAddrs() + " more in transports ap2p does not speak)");
        }
        out.println("protocols:");
        r.protocols().forEach(p -> out.println("  " + p));
        r.observedAddr().ifPresent(a -> out.println("sees us at:       " + a));
      }
    }
    return ExitCodes.OK;
  }
}
