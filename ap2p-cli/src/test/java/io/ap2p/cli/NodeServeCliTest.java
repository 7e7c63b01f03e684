package io.ap2p.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ap2p node start --serve/--capabilities}: serving, remembered across a restart. */
class NodeServeCliTest {

  static final String TEXT =
      "The quick brown fox jumps over the lazy dog. It was a sunny day in the valley. Foxes are"
          + " clever animals that live in forests and fields. Dogs sleep a lot in the afternoon.";

  @TempDir Path tmp;
  LoopbackNetwork net;

  record Started(Thread thread, CompletableFuture<Integer> exit, StringWriter err) {
    void stop() throws Exception {
      thread.interrupt();
      assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
  }

  @BeforeEach
  void registry() throws Exception {
    net = new LoopbackNetwork(tmp.resolve("net"));
  }

  @AfterEach
  void close() {
    net.close();
  }

  /** Runs {@code ap2p node start ARGS} in-process until it listens. */
  static Started node(String... args) throws Exception {
    NetCliTest.Lines out = new NetCliTest.Lines();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("node", "start"));
    all.addAll(List.of(args));
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
                            all.toArray(String[]::new))));
    String line = out.lines.poll(20, TimeUnit.SECONDS);
    assertThat(line).as("stderr: %s", err).isNotNull().startsWith("listening ");
    return new Started(t, exit, err);
  }

  @Test
  void servesBuiltInsAndARestartServesThemAgain() throws Exception {
    String data = tmp.resolve("provider").toString();
    Started first =
        node(
            "--data",
            data,
            "--registry-peer",
            net.registry(),
            "--serve",
            "text.summarize",
            "--serve",
            "image.generate");
    assertThat(first.err().toString())
        .contains(
            "ap2p: serving text-summarize (text.summarize)",
            "ap2p: serving image-gen (image.generate)");
    Path in = Files.writeString(tmp.resolve("in.txt"), TEXT);
    awaitInvoke(in);
    first.stop();

    Started again = node("--data", data, "--registry-peer", net.registry());
    assertThat(again.err().toString())
        .contains(
            "ap2p: serving text-summarize (text.summarize)",
            "ap2p: serving image-gen (image.generate)");
    awaitInvoke(in);
    again.stop();

    // given flags replace what was remembered: image.generate is no longer served
    Started narrowed =
        node("--data", data, "--registry-peer", net.registry(), "--serve", "text.summarize");
    assertThat(narrowed.err().toString())
        .contains("ap2p: serving text-summarize (text.summarize)", "no longer serving image-gen")
        .doesNotContain("ap2p: serving image-gen");
    narrowed.stop();
  }

  /** Invokes text.summarize until the provider's descriptor is discoverable and it succeeds. */
  void awaitInvoke(Path in) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    CliRunner.Result r;
    do {
      r =
          CliRunner.run(
              "invoke",
              "--tag",
              "text.summarize",
              "--input",
              in.toString(),
              "--registry-peer",
              net.registry());
      if (r.code() != 0) {
        Thread.sleep(200);
      }
    } while (r.code() != 0 && System.nanoTime() < end);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("quick brown fox");
  }

  @Test
  void servesACapabilitiesFile() throws Exception {
    Path caps = Files.writeString(tmp.resolve("caps.json"), LoopbackNetwork.slowCapabilities(1));
    Started n =
        node(
            "--data",
            tmp.resolve("slow").toString(),
            "--registry-peer",
            net.registry(),
            "--capabilities",
            caps.toString(),
            "--serve",
            "text.summarize");
    assertThat(n.err().toString())
        .contains("ap2p: serving slow-echo (test.slow)", "ap2p: serving text-summarize");
    n.stop();
  }

  @Test
  void usageErrorsNameTheFlag() {
    ExecutionCliUsageTest.assertUsage(
        "--serve: unknown built-in 'image.paint' (known: image.generate, content.publish,"
            + " text.summarize)",
        "node",
        "start",
        "--serve",
        "image.paint",
        "--registry-peer",
        net.registry(),
        "--data",
        tmp.resolve("x").toString());
    ExecutionCliUsageTest.assertUsage(
        "--serve: served capabilities are published",
        "node",
        "start",
        "--serve",
        "image.generate",
        "--data",
        tmp.resolve("y").toString());
  }

  @Test
  void aBadCapabilitiesFileNamesTheFileAndEntry() throws Exception {
    Path caps =
        Files.writeString(
            tmp.resolve("bad-caps.json"),
            "{\"capabilities\": [{\"builtin\": \"image.generate\"}, {\"builtin\": \"nope\"}]}");
    CliRunner.Result r =
        CliRunner.run(
            "node",
            "start",
            "--data",
            tmp.resolve("bad").toString(),
            "--registry-peer",
            net.registry(),
            "--capabilities",
            caps.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("--capabilities " + caps, "capabilities[1].builtin", "nope");

    CliRunner.Result missing =
        CliRunner.run(
            "node",
            "start",
            "--data",
            tmp.resolve("bad").toString(),
            "--registry-peer",
            net.registry(),
            "--capabilities",
            tmp.resolve("none.json").toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("--capabilities", "none.json");
  }
}
