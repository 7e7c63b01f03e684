package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.Node;
import io.ap2p.node.store.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p a2a card} against a running provider node and {@code ap2p a2a verify} of what it
 * printed: pinned by peer id and by key file, a wrong key, a tampered card, garbage, usage errors.
 */
class A2aCliTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;
  static Node provider;
  static String dir;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
    provider = net.provider("provider", "text.summarize", "image.generate");
    dir = tmp.resolve("net").resolve("provider").toString();
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void aCardFromTheRunningNodeVerifiesUnderItsPeerIdAndKeyFileOnly() throws Exception {
    CliRunner.Result card = CliRunner.run("a2a", "card", "--node", dir);
    assertThat(card.code()).as(card.err()).isZero();
    assertThat(card.out()).contains("\"signatures\"", "\"skills\"", "text-summarize");
    Path file = Files.writeString(tmp.resolve("card.json"), card.out());
    String peer = provider.host().peerId().toString();

    CliRunner.Result ok = CliRunner.run("a2a", "verify", file.toString(), "--key", peer);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("verified: signed by " + peer + " (kid = its peer id)")
        .contains("skills:   2", "image-gen", "text-summarize", "[text.summarize]")
        .contains("/a2a (JSONRPC 1.0)", "/a2a (JSONRPC 0.3)");

    Path keyFile = tmp.resolve("provider.key");
    KeyFiles.write(keyFile, provider.options().identity(), false);
    CliRunner.Result byFile =
        CliRunner.run("a2a", "verify", file.toString(), "--key", keyFile.toString());
    assertThat(byFile.code()).as(byFile.err()).isZero();

    CliRunner.Result json =
        CliRunner.withInput(card.out(), "a2a", "verify", "-", "--key", peer, "--json");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.out()).contains("\"skills\"").doesNotContain("signatures");

    Path other = tmp.resolve("other.key");
    assertThat(CliRunner.run("key", "generate", "--out", other.toString()).code()).isZero();
    CliRunner.Result wrong =
        CliRunner.run("a2a", "verify", file.toString(), "--key", other.toString());
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("rejected: WRONG_KEY", peer);

    Path tampered =
        Files.writeString(
            tmp.resolve("tampered.json"), card.out().replace("text-summarize", "text-summarise"));
    CliRunner.Result changed = CliRunner.run("a2a", "verify", tampered.toString(), "--key", peer);
    assertThat(changed.code()).isEqualTo(1);
    assertThat(changed.err()).contains("rejected: CARD_CHANGED");
  }

  @Test
  void garbageMissingNodesAndBadKeysAreReported() throws Exception {
    String peer = provider.host().peerId().toString();
    CliRunner.Result garbage =
        CliRunner.withInput("{\"name\": [", "a2a", "verify", "-", "--key", peer);
    assertThat(garbage.code()).isEqualTo(1);
    assertThat(garbage.err()).contains("rejected: MALFORMED_CARD");
    CliRunner.Result unsigned =
        CliRunner.withInput("{\"name\": \"x\"}", "a2a", "verify", "-", "--key", peer);
    assertThat(unsigned.code()).isEqualTo(1);
    assertThat(unsigned.err()).contains("rejected: NO_SIGNATURE");
    CliRunner.Result big =
        CliRunner.withInput(" ".repeat(300_000), "a2a", "verify", "-", "--key", peer);
    assertThat(big.code()).isEqualTo(1);
    assertThat(big.err()).contains("larger than");
    CliRunner.Result badKey = CliRunner.run("a2a", "verify", "-", "--key", "not-a-peer");
    assertThat(badKey.code()).isEqualTo(2);
    assertThat(badKey.err()).contains("--key", "neither a peer id nor a key file");
    CliRunner.Result noKey = CliRunner.run("a2a", "verify", "-");
    assertThat(noKey.code()).isEqualTo(2);
    CliRunner.Result noNode =
        CliRunner.run("a2a", "card", "--node", tmp.resolve("nothing").toString());
    assertThat(noNode.code()).isEqualTo(1);
    assertThat(noNode.err()).contains("no node running");
    assertThat(CliRunner.run("a2a", "--help").out()).contains("card", "verify");
  }
}
