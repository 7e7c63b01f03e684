package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ap2p.node.execution.workflow.WorkflowFile;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ap2p invoke} and {@code ap2p workflow} refuse bad flags, files and inputs with exit 2 (or
 * 1) and a message naming the flag, file or member; a registry is up so that nothing fails for want
 * of one.
 */
class ExecutionCliUsageTest {

  @TempDir static Path tmp;
  static LoopbackNetwork net;

  @BeforeAll
  static void network() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
  }

  @AfterAll
  static void close() {
    net.close();
  }

  static Path text() throws Exception {
    return Files.writeString(tmp.resolve("in.txt"), ExecutionCliTest.TEXT);
  }

  static Path example() throws Exception {
    return Files.writeString(tmp.resolve("example.json"), WorkflowFile.example());
  }

  @Test
  void usageErrorsNameTheFlag() throws Exception {
    String in = text().toString();
    String reg = net.registry();
    assertUsage(
        "--deadline: a duration such as 500ms, 30s or 2m",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--deadline",
        "soon",
        "--registry-peer",
        reg);
    assertUsage(
        "--side-effect: none, reversible or irreversible",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--side-effect",
        "maybe",
        "--registry-peer",
        reg);
    assertUsage(
        "--tag: a capability tag",
        "invoke",
        "--tag",
        "Not A Tag",
        "--input",
        in,
        "--registry-peer",
        reg);
    assertUsage("--tag: give a tag", "invoke", "--input", in, "--registry-peer", reg);
    assertUsage(
        "--input: no such file",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        tmp.resolve("missing.txt").toString(),
        "--registry-peer",
        reg);
    assertUsage("--input", "invoke", "--tag", "text.summarize", "--registry-peer", reg);
    assertUsage(
        "--registry-peer: the address must end in /p2p/",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--registry-peer",
        "/ip4/127.0.0.1/tcp/4001");
    assertUsage("--registry-peer: required", "invoke", "--tag", "text.summarize", "--input", in);
    assertUsage(
        "--registry-peer: for --discovery registry",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--discovery",
        "dht",
        "--bootstrap",
        reg,
        "--registry-peer",
        reg);
    assertUsage(
        "--bootstrap: required with --discovery dht",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--discovery",
        "dht");
    assertUsage(
        "--tag: required with --discovery dht",
        "invoke",
        "summarize",
        "--input",
        in,
        "--discovery",
        "dht",
        "--bootstrap",
        reg);
    assertUsage(
        "--discovery: registry or dht",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--discovery",
        "gossip");
    assertUsage(
        "--node: the running node discovers on its own",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--node",
        tmp.toString(),
        "--registry-peer",
        reg);
    assertUsage(
        "--out: - is not possible with --json",
        "invoke",
        "--tag",
        "text.summarize",
        "--input",
        in,
        "--json",
        "--out",
        "-",
        "--registry-peer",
        reg);
    assertUsage(
        "FILE: no such file",
        "workflow",
        "run",
        tmp.resolve("none.json").toString(),
        "--registry-peer",
        reg);
    assertUsage("--registry-peer: required", "workflow", "run", example().toString());
  }

  static void assertUsage(String message, String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @Test
  void badWorkflowFilesAndInputsAreRefused() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"steps\": [{\"tag\": \"Bad\"}]}");
    CliRunner.Result r =
        CliRunner.run("workflow", "run", bad.toString(), "--registry-peer", net.registry());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(bad.toString(), "steps[0].tag");

    Path big = tmp.resolve("big.bin");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((64L << 20) + 1);
    }
    CliRunner.Result large =
        CliRunner.run(
            "invoke",
            "--tag",
            "text.summarize",
            "--input",
            big.toString(),
            "--registry-peer",
            net.registry());
    assertThat(large.code()).isEqualTo(1);
    assertThat(large.err()).contains("--input", "larger than 64 MiB");
  }

  @Test
  void workflowExample() {
    CliRunner.Result r = CliRunner.run("workflow", "example");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(WorkflowFile.example());
  }
}
