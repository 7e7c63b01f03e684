package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetCliTest {

  @TempDir Path tmp;

  /** A writer that hands over complete lines. */
  static final class Lines extends Writer {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public synchronized void write(char[] c, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (c[i] == '\n') {
          lines.add(partial.toString());
          partial.setLength(0);
        } else {
          partial.append(c[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  record RunningNode(
      Thread thread, CompletableFuture<Integer> exit, String addr, StringWriter err) {}

  RunningNode startNode(String... extra) throws Exception {
    Lines out = new Lines();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("node", "start"));
    args.addAll(List.of(extra));
    if (!args.contains("--data")) {
      args.addAll(List.of("--data", tmp.resolve("data").toString()));
    }
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.complete(
                        Main.run(
                            new ByteArrayInputStream(new byte[0]),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            args.toArray(String[]::new))));
    String line = out.lines.poll(20, TimeUnit.SECONDS);
    assertThat(line).as("stderr: %s", err).isNotNull().startsWith("listening /ip4/127.0.0.1/tcp/");
    assertThat(line).contains("/p2p/12D3KooW");
    return new RunningNode(t, exit, line.substring("listening ".length()), err);
  }

  @Test
  void aNodeStartsAndAnswersPingAndIdentifyThenStopsCleanly() throws Exception {
    RunningNode node = startNode("--listen", "/ip4/127.0.0.1/tcp/0");
    assertThat(node.err().toString()).contains("created identity");

    CliRunner.Result ping =
        CliRunner.run("ping", node.addr(), "--count", "2", "--interval-ms", "0");
    assertThat(ping.code()).as(ping.err()).isZero();
    assertThat(ping.out()).contains("pong 1: time=", "pong 2: time=", "2 pings answered");

    CliRunner.Result id = CliRunner.run("identify", node.addr(), "--json");
    assertThat(id.code()).as(id.err()).isZero();
    String peer = node.addr().substring(node.addr().indexOf("/p2p/") + 5);
    assertThat(id.out())
        .contains("\"peerId\" : \"" + peer + "\"", "/ipfs/ping/1.0.0", "/ipfs/id/1.0.0", "ap2p/");

    CliRunner.Result text = CliRunner.run("identify", node.addr());
    assertThat(text.code()).isZero();
    assertThat(text.out()).contains("peer id:          " + peer, "protocols:", "sees us at:");

    node.thread().interrupt();
    assertThat(node.exit().get(10, TimeUnit.SECONDS)).isZero();

    // the identity persists in the data directory
    RunningNode again = startNode();
    assertThat(again.addr()).endsWith("/p2p/" + peer);
    assertThat(again.err().toString()).doesNotContain("created identity");
    again.thread().interrupt();
    assertThat(again.exit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void aNodeDialsItsBootstrapPeers() throws Exception {
    RunningNode first = startNode();
    Path other = tmp.resolve("other");
    RunningNode second = startNode("--data", other.toString(), "--bootstrap", first.addr());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!second.err().toString().contains("connected to bootstrap peer")
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(second.err().toString())
        .contains(
            "connected to bootstrap peer "
                + first.addr().substring(first.addr().indexOf("/p2p/") + 5));
    second.thread().interrupt();
    first.thread().interrupt();
    assertThat(second.exit().get(10, TimeUnit.SECONDS)).isZero();
    assertThat(first.exit().get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void dialFailuresSayWhy() throws Exception {
    RunningNode node = startNode();
    String wrongPeer = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    String transport = node.addr().substring(0, node.addr().indexOf("/p2p/"));
    CliRunner.Result mismatch = CliRunner.run("ping", transport + "/p2p/" + wrongPeer);
    assertThat(mismatch.code()).isEqualTo(1);
    assertThat(mismatch.err()).contains("peer id mismatch", wrongPeer);

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRunner.Result refused = CliRunner.run("ping", "/ip4/127.0.0.1/tcp/" + port);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("connection refused");

    CliRunner.Result idRefused = CliRunner.run("identify", "/ip4/127.0.0.1/tcp/" + port);
    assertThat(idRefused.code()).isEqualTo(1);
    assertThat(idRefused.err()).contains("connection refused");

    // a port that accepts but never speaks: the handshake times out
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRunner.Result timeout =
          CliRunner.run("ping", "/ip4/127.0.0.1/tcp/" + silent.getLocalPort(), "--timeout", "1");
      assertThat(timeout.code()).isEqualTo(1);
      assertThat(timeout.err()).contains("timed out");
    }
    node.thread().interrupt();
    node.exit().get(10, TimeUnit.SECONDS);
  }

  @Test
  void badArgumentsAreUsageErrors() throws Exception {
    CliRunner.Result bad = CliRunner.run("ping", "/ip4/1.2.3/tcp/1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("is not a multiaddr");
    CliRunner.Result listen = CliRunner.run("node", "start", "--listen", "tcp/1");
    assertThat(listen.code()).isEqualTo(2);
    CliRunner.Result count = CliRunner.run("ping", "/ip4/127.0.0.1/tcp/1", "--count", "0");
    assertThat(count.code()).isEqualTo(1);
    assertThat(count.err()).contains("--count");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRunner.Result inUse =
          CliRunner.run(
              "node",
              "start",
              "--data",
              tmp.toString(),
              "--listen",
              "/ip4/127.0.0.1/tcp/" + busy.getLocalPort());
      assertThat(inUse.code()).isEqualTo(1);
      assertThat(inUse.err()).contains("cannot listen on");
    }
  }

  @Test
  @Tag("slow")
  void aNodeProcessStopsWithExitZeroOnSigterm() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "node",
                "start",
                "--data",
                tmp.resolve("proc").toString(),
                "--listen",
                "/ip4/127.0.0.1/tcp/0")
            .redirectError(tmp.resolve("stderr.txt").toFile())
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("listening /ip4/127.0.0.1/tcp/").contains("/p2p/");
      String addr = line.substring("listening ".length());
      CliRunner.Result ping = CliRunner.run("ping", addr, "--count", "1");
      assertThat(ping.code()).as(ping.err()).isZero();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("shutting down");
    } finally {
      p.destroyForcibly();
    }
  }
}
