package io.ap2p.cli.net;

import io.ap2p.cli.CliFailure;
import io.ap2p.cli.ExitCodes;
import io.ap2p.cli.Version;
import io.ap2p.core.identity.PrivateKey;
import io.ap2p.net.host.Connection;
import io.ap2p.net.host.Host;
import io.ap2p.net.host.HostConfig;
import io.ap2p.net.multiaddr.Multiaddr;
import io.ap2p.node.store.DataDir;
import io.ap2p.node.store.KeyFileException;
import io.ap2p.node.store.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ap2p node start}: run a node until SIGINT or SIGTERM. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a node: listen, dial the bootstrap peers, serve identify and ping, and run",
      "until interrupted (Ctrl-C, SIGTERM), then shut down cleanly.",
      "Once ready it prints one line per address on stdout:",
      "  listening <multiaddr>/p2p/<peer id>",
      "Logs go to stderr."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal after a clean shutdown",
      "1:could not start (key, data directory, address in use…)"
    })
public final class NodeStartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Identity key file (default: identity.key in the data directory, created on"
              + " first start).")
  Path key;

  @Option(
      names = "--listen",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = {
        "Address to listen on; repeatable (default: /ip4/127.0.0.1/tcp/0, a free loopback port).",
        "/ip4/0.0.0.0/tcp/4011 listens on every interface."
      })
  List<Multiaddr> listen = new ArrayList<>();

  @Option(
      names = "--bootstrap",
      paramLabel = "MULTIADDR",
      converter = MultiaddrConverter.class,
      description = "Peer to connect to at start; repeatable. Failures are logged, not fatal.")
  List<Multiaddr> bootstrap = new ArrayList<>();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: $AP2P_DATA, else ~/.ap2p).")
  Path data;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PrivateKey identity = identity(err);
    List<Multiaddr> addrs = listen.isEmpty() ? List.of(defaultListen()) : listen;
    Host host;
    try {
      host = Host.start(HostConfig.of(identity, addrs, "ap2p/" + Version.get()));
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println("ap2p: shutting down");
              err.flush();
              host.close();
              stopped.countDown();
              // a signal would otherwise end the JVM with 128 + signal; a clean stop is a success
              Runtime.getRuntime().halt(ExitCodes.OK);
            },
            "ap2p-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("ap2p: node " + host.peerId() + " started (ap2p " + Version.get() + ")");
    err.flush();
    for (Multiaddr a : host.listenAddrs()) {
      out.println("listening " + a.withPeerId(host.peerId()));
    }
    out.flush();
    for (Multiaddr b : bootstrap) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Connection c = host.connect(b);
                  err.println("ap2p: connected to bootstrap peer " + c.remotePeer());
                } catch (IOException e) {
                  err.println("ap2p: bootstrap " + b + " failed: " + DialFailures.describe(e));
                }
                err.flush();
              });
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // stopped from within the process (tests, embedding): shut down the same way
      Runtime.getRuntime().removeShutdownHook(hook);
      host.close();
      err.println("ap2p: stopped");
      err.flush();
    }
    return ExitCodes.OK;
  }

  private static Multiaddr defaultListen() {
    return Multiaddr.tcp(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
  }

  private PrivateKey identity(PrintWriter err) {
    if (key != null) {
      try {
        return KeyFiles.read(key);
      } catch (KeyFileException e) {
        throw new CliFailure("--key: " + e.getMessage());
      }
    }
    Path dir = data != null ? data : DataDir.defaultPath(System.getenv());
    try {
      DataDir d = DataDir.open(dir);
      DataDir.Identity id = d.loadOrCreateIdentity(new SecureRandom());
      if (id.created()) {
        err.println("ap2p: created identity " + id.key().peerId() + " in " + d.identityFile());
      }
      return id.key();
    } catch (KeyFileException e) {
      throw new CliFailure("data directory " + dir + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliFailure("--data: cannot use " + dir + ": " + e.getMessage());
    }
  }
}
