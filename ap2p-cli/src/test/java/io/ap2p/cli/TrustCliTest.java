package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p trust list|show|forget} and {@code ap2p find --node} in-process against real loopback
 * peers: a registry, a provider of text.summarize, and a requester node whose view the commands
 * read through its local API.
 */
class TrustCliTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static Node provider;
  static Node requester;
  static String dir;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
    provider = net.provider("provider", "text.summarize");
    requester = net.requester("requester");
    dir = tmp.resolve("net").resolve("requester").toString();
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void listShowFindAndForgetThroughARunningNode() throws Exception {
    String peer = provider.host().peerId().toString();
    CliRunner.Result empty = CliRunner.run("trust", "list", "--node", dir);
    assertThat(empty.code()).as(empty.err()).isZero();
    assertThat(empty.out()).contains("no peers in the trust view");

    CliRunner.Result before =
        CliRunner.run(
            "find", "--tag", "text.summarize", "--registry-peer", net.registry(), "--node", dir);
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(before.out()).contains(peer, "trust: newcomer (no record)");

    Path in = Files.writeString(tmp.resolve("in.txt"), ExecutionCliTest.TEXT);
    CliRunner.Result inv =
        CliRunner.run("invoke", "--tag", "text.summarize", "--input", in.toString(), "--node", dir);
    assertThat(inv.code()).as(inv.err()).isZero();
    LoopbackNetwork.await(
        () -> requester.trust().history(provider.host().peerId(), 5).size() == 1,
        java.time.Duration.ofSeconds(5));

    CliRunner.Result list = CliRunner.run("trust", "list", "--node", dir);
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("PEER", peer, "+0.333", "text.summarize +0.333");

    CliRunner.Result show = CliRunner.run("trust", "show", peer, "--node", dir);
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("score:  +0.333", "text.summarize", "recent outcomes", "result", "good");

    CliRunner.Result ranked =
        CliRunner.run(
            "find", "--tag", "text.summarize", "--registry-peer", net.registry(), "--node", dir);
    assertThat(ranked.code()).as(ranked.err()).isZero();
    assertThat(ranked.out()).contains("trust: +0.333");
    CliRunner.Result json =
        CliRunner.run(
            "find",
            "--tag",
            "text.summarize",
            "--registry-peer",
            net.registry(),
            "--node",
            dir,
            "--json");
    assertThat(json.out()).contains("\"trust\" : 0.333", "\"known\" : true");

    CliRunner.Result forget = CliRunner.run("trust", "forget", peer, "--node", dir);
    assertThat(forget.code()).as(forget.err()).isZero();
    assertThat(forget.out()).contains("forgot " + peer);
    assertThat(CliRunner.run("trust", "forget", peer, "--node", dir).out())
        .contains("nothing to forget");
    CliRunner.Result after = CliRunner.run("trust", "show", peer, "--node", dir);
    assertThat(after.out()).contains("no record: a newcomer");
    assertThat(requester.database().orElseThrow().outcomes().recent(peer, 5)).isEmpty();
  }

  @Test
  void aNodeStartedWithoutFeedbackServesTheTrustApi() throws Exception {
    String data = tmp.resolve("quiet").toString();
    NodeServeCliTest.Started quiet =
        NodeServeCliTest.node("--data", data, "--registry-peer", net.registry(), "--no-feedback");
    try {
      CliRunner.Result list = CliRunner.run("trust", "list", "--node", data);
      assertThat(list.code()).as(list.err()).isZero();
      assertThat(list.out()).contains("no peers in the trust view");
    } finally {
      quiet.stop();
    }
    assertThat(CliRunner.run("node", "start", "--help").out()).contains("--no-feedback");
  }

  @Test
  void refusalsSayWhy() {
    String nobody = tmp.resolve("nobody").toString();
    CliRunner.Result down = CliRunner.run("trust", "list", "--node", nobody);
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("no node running with data directory");
    CliRunner.Result bad = CliRunner.run("trust", "show", "not-a-peer", "--node", dir);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("PEER: 'not-a-peer' is not a peer id");
    CliRunner.Result badForget = CliRunner.run("trust", "forget", "12D3KooW", "--node", dir);
    assertThat(badForget.code()).isEqualTo(2);
    CliRunner.Result limit = CliRunner.run("trust", "list", "--limit", "0", "--node", dir);
    assertThat(limit.code()).isEqualTo(2);
    assertThat(limit.err()).contains("--limit");
    CliRunner.Result findDown =
        CliRunner.run(
            "find", "--tag", "text.summarize", "--registry-peer", net.registry(), "--node", nobody);
    assertThat(findDown.code()).isEqualTo(1);
    assertThat(findDown.err()).contains("no node running");
    CliRunner.Result help = CliRunner.run("trust");
    assertThat(help.out()).contains("list", "show", "forget");
  }
}
